// description: Load bill of materials: merge (:Item)-[:NEEDS]->(:Item) (rows: s, e, p = start id, end id, properties; a null removes a property).
// params: rows (list)
// mode: write
// example: {"rows": [{"s": "x", "e": "y", "p": {"quantity": 2.0}}]}
UNWIND $rows AS r
MATCH (a:Item {id: r.s})
MATCH (b:Item {id: r.e})
MERGE (a)-[x:NEEDS]->(b)
SET x += r.p

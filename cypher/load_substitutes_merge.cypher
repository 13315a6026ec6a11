// description: Load substitutes: merge (:Item)-[:SUBSTITUTED_BY]->(:Item) (rows: s, e, p = start id, end id, properties; a null removes a property).
// params: rows (list)
// mode: write
// example: {"rows": [{"s": "x", "e": "y", "p": {"qualified": true}}]}
UNWIND $rows AS r
MATCH (a:Item {id: r.s})
MATCH (b:Item {id: r.e})
MERGE (a)-[x:SUBSTITUTED_BY]->(b)
SET x += r.p

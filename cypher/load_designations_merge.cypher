// description: Load designations: merge (:Organisation)-[:LISTED_ON]->(:SanctionsList) (rows: s, e, p = start id, end id, properties; a null removes a property).
// params: rows (list)
// mode: write
// example: {"rows": [{"s": "x", "e": "y", "p": {"reason": "x"}}]}
UNWIND $rows AS r
MATCH (a:Organisation {id: r.s})
MATCH (b:SanctionsList {id: r.e})
MERGE (a)-[x:LISTED_ON]->(b)
SET x += r.p

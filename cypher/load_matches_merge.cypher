// description: Load matches: merge (:Organisation)-[:SAME_AS]->(:Organisation) review decisions (rows: s, e, p = start id, end id, properties; a null removes a property).
// params: rows (list)
// mode: write
// example: {"rows": [{"s": "x", "e": "y", "p": {"decision": "same", "score": 0.97}}]}
UNWIND $rows AS r
MATCH (a:Organisation {id: r.s})
MATCH (b:Organisation {id: r.e})
MERGE (a)-[x:SAME_AS]->(b)
SET x += r.p

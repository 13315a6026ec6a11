// description: Load ownership: merge (:Organisation)-[:OWNS]->(:Organisation) keyed on kind (rows: s, e, p = start id, end id, properties; a null removes a property).
// params: rows (list)
// mode: write
// example: {"rows": [{"s": "x", "e": "y", "p": {"percentage": 50.0, "kind": "equity"}}]}
UNWIND $rows AS r
MATCH (a:Organisation {id: r.s})
MATCH (b:Organisation {id: r.e})
MERGE (a)-[x:OWNS {kind: r.p.kind}]->(b)
SET x += r.p

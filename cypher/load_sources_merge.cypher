// description: Load sources (facility '' when none): merge (:Item)-[:SOURCED_FROM]->(:Organisation) keyed on facility (rows: s, e, p = start id, end id, properties; a null removes a property).
// params: rows (list)
// mode: write
// example: {"rows": [{"s": "x", "e": "y", "p": {"facility": "", "qualified": true}}]}
UNWIND $rows AS r
MATCH (a:Item {id: r.s})
MATCH (b:Organisation {id: r.e})
MERGE (a)-[x:SOURCED_FROM {facility: r.p.facility}]->(b)
SET x += r.p

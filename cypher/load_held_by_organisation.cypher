// description: Load: (:Stockpile)-[:HELD_BY]->(:Organisation) (rows: s, e = stockpile id, organisation).
// params: rows (list)
// mode: write
// example: {"rows": [{"s": "x", "e": "y"}]}
UNWIND $rows AS r
MATCH (a:Stockpile {id: r.s})
MATCH (b:Organisation {id: r.e})
MERGE (a)-[:HELD_BY]->(b)

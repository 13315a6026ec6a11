// description: Load: (:Stockpile)-[:HELD_BY]->(:Country) (rows: s, e = stockpile id, country code).
// params: rows (list)
// mode: write
// example: {"rows": [{"s": "x", "e": "y"}]}
UNWIND $rows AS r
MATCH (a:Stockpile {id: r.s})
MATCH (b:Country {id: r.e})
MERGE (a)-[:HELD_BY]->(b)

// description: Load production shares: create (:Item)-[:PRODUCED_IN]->(:Country) when the store has no PRODUCED_IN edges yet and the table has no extra columns (rows: [[material, country, share, stage, year, source], ...], lists rather than maps because they load faster).
// params: rows (list)
// mode: write
// example: {"rows": [["x", "y", 0.5, "mine", 2024, null]]}
UNWIND $rows AS r
MATCH (a:Item {id: r[0]})
MATCH (b:Country {id: r[1]})
CREATE (a)-[:PRODUCED_IN {share: r[2], stage: r[3], year: r[4], source: r[5]}]->(b)

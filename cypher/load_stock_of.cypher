// description: Load: (:Stockpile)-[:STOCK_OF]->(:Item) (rows: s, e = stockpile id, item).
// params: rows (list)
// mode: write
// example: {"rows": [{"s": "x", "e": "y"}]}
UNWIND $rows AS r
MATCH (a:Stockpile {id: r.s})
MATCH (b:Item {id: r.e})
MERGE (a)-[:STOCK_OF]->(b)

// description: Load: (:Organisation)-[:REGISTERED_IN]->(:Country) (rows: {rows: [[organisation, country], ...]} as the only element of rows: the store takes map rows, list rows are faster).
// params: rows (list)
// mode: write
// example: {"rows": [{"rows": [["x", "y"]]}]}
UNWIND $rows[0].rows AS r
MATCH (a:Organisation {id: r[0]})
MATCH (b:Country {id: r[1]})
CREATE (a)-[:REGISTERED_IN]->(b)

// description: Load: (:Facility)-[:LOCATED_IN]->(:Country) (rows: {rows: [[facility, country], ...]} as the only element of rows: the store takes map rows, list rows are faster).
// params: rows (list)
// mode: write
// example: {"rows": [{"rows": [["x", "y"]]}]}
UNWIND $rows[0].rows AS r
MATCH (a:Facility {id: r[0]})
MATCH (b:Country {id: r[1]})
CREATE (a)-[:LOCATED_IN]->(b)

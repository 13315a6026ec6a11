// description: Load: (:Facility)-[:OPERATED_BY]->(:Organisation) (rows: {rows: [[facility, operator], ...]} as the only element of rows: the store takes map rows, list rows are faster).
// params: rows (list)
// mode: write
// example: {"rows": [{"rows": [["x", "y"]]}]}
UNWIND $rows[0].rows AS r
MATCH (a:Facility {id: r[0]})
MATCH (b:Organisation {id: r[1]})
CREATE (a)-[:OPERATED_BY]->(b)

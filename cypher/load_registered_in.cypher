// description: Load: (:Organisation)-[:REGISTERED_IN]->(:Country) (rows: [[organisation, country], ...], lists rather than maps because they load faster).
// params: rows (list)
// mode: write
// example: {"rows": [["x", "y"]]}
UNWIND $rows AS r
MATCH (a:Organisation {id: r[0]})
MATCH (b:Country {id: r[1]})
CREATE (a)-[:REGISTERED_IN]->(b)

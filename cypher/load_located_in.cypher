// description: Load: (:Facility)-[:LOCATED_IN]->(:Country) (rows: [[facility, country], ...], lists rather than maps because they load faster).
// params: rows (list)
// mode: write
// example: {"rows": [["x", "y"]]}
UNWIND $rows AS r
MATCH (a:Facility {id: r[0]})
MATCH (b:Country {id: r[1]})
CREATE (a)-[:LOCATED_IN]->(b)

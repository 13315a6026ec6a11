// description: Load: (:Facility)-[:OPERATED_BY]->(:Organisation) (rows: [[facility, operator], ...], lists rather than maps because they load faster).
// params: rows (list)
// mode: write
// example: {"rows": [["x", "y"]]}
UNWIND $rows AS r
MATCH (a:Facility {id: r[0]})
MATCH (b:Organisation {id: r[1]})
CREATE (a)-[:OPERATED_BY]->(b)

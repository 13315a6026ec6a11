// description: Load: new (:Item)-[:MADE_AT {supplier}]->(:Facility) edges (rows: [[item, facility, supplier], ...], lists rather than maps because they load faster).
// params: rows (list)
// mode: write
// example: {"rows": [["x", "y", "s"]]}
UNWIND $rows AS r
MATCH (a:Item {id: r[0]})
MATCH (b:Facility {id: r[1]})
CREATE (a)-[:MADE_AT {supplier: r[2]}]->(b)

// description: Load: new (:Item)-[:MADE_AT {supplier}]->(:Facility) edges (rows: {rows: [[item, facility, supplier], ...]} as the only element of rows: the store takes map rows, list rows are faster).
// params: rows (list)
// mode: write
// example: {"rows": [{"rows": [["x", "y", "s"]]}]}
UNWIND $rows[0].rows AS r
MATCH (a:Item {id: r[0]})
MATCH (b:Facility {id: r[1]})
CREATE (a)-[:MADE_AT {supplier: r[2]}]->(b)

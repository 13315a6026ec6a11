// description: Load bill of materials: create (:Item)-[:NEEDS]->(:Item) when the store has no NEEDS edges yet and the table has no extra columns (rows: {rows: [[parent, child, quantity], ...]} as the only element of rows: the store takes map rows, list rows are faster).
// params: rows (list)
// mode: write
// example: {"rows": [{"rows": [["x", "y", 2.0]]}]}
UNWIND $rows[0].rows AS r
MATCH (a:Item {id: r[0]})
MATCH (b:Item {id: r[1]})
CREATE (a)-[:NEEDS {quantity: r[2]}]->(b)

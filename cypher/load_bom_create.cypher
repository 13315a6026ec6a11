// description: Load bill of materials: create (:Item)-[:NEEDS]->(:Item) when the store has no NEEDS edges yet and the table has no extra columns (rows: [[parent, child, quantity, dataset, source_file, record_id, retrieved_on], ...], lists rather than maps because they load faster).
// params: rows (list)
// mode: write
// example: {"rows": [["x", "y", 2.0, null, null, null, null]]}
UNWIND $rows AS r
MATCH (a:Item {id: r[0]})
MATCH (b:Item {id: r[1]})
CREATE (a)-[:NEEDS {quantity: r[2], dataset: r[3], source_file: r[4], record_id: r[5], retrieved_on: r[6]}]->(b)

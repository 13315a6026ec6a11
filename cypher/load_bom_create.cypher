// description: Load bill of materials: create (:Item)-[:NEEDS]->(:Item) when the store has no NEEDS edges yet and the table has no extra columns (rows: [[parent, child, quantity, sites, dataset, source_file, record_id, retrieved_on], ...], lists rather than maps because they load faster).
// params: rows (list)
// mode: write
// example: {"rows": [["x", "y", 2.0, null, null, null, null, null]]}
UNWIND $rows AS r
MATCH (a:Item {id: r[0]})
MATCH (b:Item {id: r[1]})
CREATE (a)-[:NEEDS {quantity: r[2], sites: r[3], dataset: r[4], source_file: r[5], record_id: r[6], retrieved_on: r[7]}]->(b)

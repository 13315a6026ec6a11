// description: Load ownership: create (:Organisation)-[:OWNS]->(:Organisation) when the store has no OWNS edges yet and the table has no extra columns (rows: [[owner, owned, percentage, kind, valid_from, valid_to, status, dataset, source_file, record_id, retrieved_on], ...], lists rather than maps because they load faster).
// params: rows (list)
// mode: write
// example: {"rows": [["x", "y", 50.0, "equity", null, null, null, null, null, null, null]]}
UNWIND $rows AS r
MATCH (a:Organisation {id: r[0]})
MATCH (b:Organisation {id: r[1]})
CREATE (a)-[:OWNS {percentage: r[2], kind: r[3], valid_from: r[4], valid_to: r[5], status: r[6], dataset: r[7], source_file: r[8], record_id: r[9], retrieved_on: r[10]}]->(b)

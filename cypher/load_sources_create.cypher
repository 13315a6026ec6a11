// description: Load sources (facility '' when none): create (:Item)-[:SOURCED_FROM]->(:Organisation) when the store has no SOURCED_FROM edges yet and the table has no extra columns (rows: [[item, supplier, facility, share, qualified, recovery_days, capacity, stock, qualified_for, dataset, source_file, record_id, retrieved_on], ...], lists rather than maps because they load faster).
// params: rows (list)
// mode: write
// example: {"rows": [["x", "y", "", null, true, null, null, null, null, null, null, null, null]]}
UNWIND $rows AS r
MATCH (a:Item {id: r[0]})
MATCH (b:Organisation {id: r[1]})
CREATE (a)-[:SOURCED_FROM {facility: r[2], share: r[3], qualified: r[4], recovery_days: r[5], capacity: r[6], stock: r[7], qualified_for: r[8], dataset: r[9], source_file: r[10], record_id: r[11], retrieved_on: r[12]}]->(b)

// description: Load designations: create (:Organisation)-[:LISTED_ON]->(:SanctionsList) when the store has no LISTED_ON edges yet and the table has no extra columns (rows: [[entity, list, listed_on, reason, delisted_on, authority, program, dataset, source_file, record_id, retrieved_on], ...], lists rather than maps because they load faster).
// params: rows (list)
// mode: write
// example: {"rows": [["x", "y", null, "x", null, null, null, null, null, null, null]]}
UNWIND $rows AS r
MATCH (a:Organisation {id: r[0]})
MATCH (b:SanctionsList {id: r[1]})
CREATE (a)-[:LISTED_ON {listed_on: r[2], reason: r[3], delisted_on: r[4], authority: r[5], program: r[6], dataset: r[7], source_file: r[8], record_id: r[9], retrieved_on: r[10]}]->(b)

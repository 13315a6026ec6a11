// description: Load: create Item nodes not in the store yet, from a table without extra columns (rows: [[id, name, kind, nsn, part_number, identifiers, unit, demand_per_day, priority, dataset, source_file, record_id, retrieved_on], ...], lists rather than maps because they load faster; a null leaves a property unset).
// params: rows (list)
// mode: write
// example: {"rows": [["item-x", "Example", "material", null, null, null, null, null, null, null, null, null, null]]}
UNWIND $rows AS r
CREATE (:Item {id: r[0], name: r[1], kind: r[2], nsn: r[3], part_number: r[4], identifiers: r[5], unit: r[6], demand_per_day: r[7], priority: r[8], dataset: r[9], source_file: r[10], record_id: r[11], retrieved_on: r[12]})

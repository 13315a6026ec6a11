// description: Load: create Item nodes not in the store yet, from a table without extra columns (rows: [[id, name, kind, nsn, unit, demand_per_day, priority], ...], lists rather than maps because they load faster; a null leaves a property unset).
// params: rows (list)
// mode: write
// example: {"rows": [["item-x", "Example", "material", null, null, null, null]]}
UNWIND $rows AS r
CREATE (:Item {id: r[0], name: r[1], kind: r[2], nsn: r[3], unit: r[4], demand_per_day: r[5], priority: r[6]})

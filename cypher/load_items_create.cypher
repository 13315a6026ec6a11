// description: Load: create Item nodes not in the store yet, from a table without extra columns (rows: [[id, name, kind, nsn], ...], lists rather than maps because they load faster; a null leaves a property unset).
// params: rows (list)
// mode: write
// example: {"rows": [["item-x", "Example", "material", null]]}
UNWIND $rows AS r
CREATE (:Item {id: r[0], name: r[1], kind: r[2], nsn: r[3]})

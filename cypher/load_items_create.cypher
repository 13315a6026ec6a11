// description: Load: create Item nodes not in the store yet, from a table without extra columns (rows: {rows: [[id, name, kind, nsn], ...]} as the only element of rows: the store takes map rows, list rows are faster; a null leaves a property unset).
// params: rows (list)
// mode: write
// example: {"rows": [{"rows": [["item-x", "Example", "material", null]]}]}
UNWIND $rows[0].rows AS r
CREATE (:Item {id: r[0], name: r[1], kind: r[2], nsn: r[3]})

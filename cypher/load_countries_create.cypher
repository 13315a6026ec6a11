// description: Load: create Country nodes not in the store yet, from a table without extra columns (rows: {rows: [[id, code, name, groups, concern], ...]} as the only element of rows: the store takes map rows, list rows are faster; a null leaves a property unset).
// params: rows (list)
// mode: write
// example: {"rows": [{"rows": [["XX", "XX", "Example", ["NATO"], "none"]]}]}
UNWIND $rows[0].rows AS r
CREATE (:Country {id: r[0], code: r[1], name: r[2], groups: r[3], concern: r[4]})

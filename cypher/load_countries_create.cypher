// description: Load: create Country nodes not in the store yet, from a table without extra columns (rows: [[id, code, name, groups, concern], ...], lists rather than maps because they load faster; a null leaves a property unset).
// params: rows (list)
// mode: write
// example: {"rows": [["XX", "XX", "Example", ["NATO"], "none"]]}
UNWIND $rows AS r
CREATE (:Country {id: r[0], code: r[1], name: r[2], groups: r[3], concern: r[4]})

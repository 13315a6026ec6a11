// description: Load: create Organisation nodes not in the store yet, from a table without extra columns (rows: {rows: [[id, name, kind, country, lei, cage], ...]} as the only element of rows: the store takes map rows, list rows are faster; a null leaves a property unset).
// params: rows (list)
// mode: write
// example: {"rows": [{"rows": [["org-x", "Example Org", "company", null, null, null]]}]}
UNWIND $rows[0].rows AS r
CREATE (:Organisation {id: r[0], name: r[1], kind: r[2], country: r[3], lei: r[4], cage: r[5]})

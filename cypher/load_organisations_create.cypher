// description: Load: create Organisation nodes not in the store yet, from a table without extra columns (rows: [[id, name, kind, country, lei, cage], ...], lists rather than maps because they load faster; a null leaves a property unset).
// params: rows (list)
// mode: write
// example: {"rows": [["org-x", "Example Org", "company", null, null, null]]}
UNWIND $rows AS r
CREATE (:Organisation {id: r[0], name: r[1], kind: r[2], country: r[3], lei: r[4], cage: r[5]})

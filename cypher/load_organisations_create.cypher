// description: Load: create Organisation nodes not in the store yet, from a table without extra columns (rows: [[id, name, kind, country, lei, cage, aliases, identifiers, status, address, parent_exceptions, dataset, source_file, record_id, retrieved_on], ...], lists rather than maps because they load faster; a null leaves a property unset).
// params: rows (list)
// mode: write
// example: {"rows": [["org-x", "Example Org", "company", null, null, null, null, null, null, null, null, null, null, null, null]]}
UNWIND $rows AS r
CREATE (:Organisation {id: r[0], name: r[1], kind: r[2], country: r[3], lei: r[4], cage: r[5], aliases: r[6], identifiers: r[7], status: r[8], address: r[9], parent_exceptions: r[10], dataset: r[11], source_file: r[12], record_id: r[13], retrieved_on: r[14]})

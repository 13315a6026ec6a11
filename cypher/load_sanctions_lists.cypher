// description: Load: the SanctionsList nodes designations point to (rows: id).
// params: rows (list)
// mode: write
// example: {"rows": [{"id": "US-OFAC-SDN"}]}
UNWIND $rows AS r
MERGE (:SanctionsList {id: r.id})

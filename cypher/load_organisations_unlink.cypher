// description: Load: remove the REGISTERED_IN edges of organisations about to be re-linked (rows: id).
// params: rows (list)
// mode: write
// example: {"rows": [{"id": "org-x"}]}
UNWIND $rows AS r
MATCH (:Organisation {id: r.id})-[x:REGISTERED_IN]->(:Country)
DELETE x

// description: Load: remove the OPERATED_BY and LOCATED_IN edges of facilities about to be re-linked (rows: id).
// params: rows (list)
// mode: write
// example: {"rows": [{"id": "fac-x"}]}
UNWIND $rows AS r
MATCH (:Facility {id: r.id})-[x]->()
WHERE type(x) IN ['OPERATED_BY', 'LOCATED_IN']
DELETE x

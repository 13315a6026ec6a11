// description: Load: update Facility nodes by id (rows: property maps; a null removes a property, analysis_* are never sent).
// params: rows (list)
// mode: write
// example: {"rows": [{"id": "fac-x", "name": "Example Plant"}]}
UNWIND $rows AS r
MERGE (n:Facility {id: r.id})
SET n += r

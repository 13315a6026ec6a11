// description: Load: update Organisation nodes by id (rows: property maps; a null removes a property, analysis_* are never sent).
// params: rows (list)
// mode: write
// example: {"rows": [{"id": "org-x", "name": "Example Org", "kind": "company"}]}
UNWIND $rows AS r
MERGE (n:Organisation {id: r.id})
SET n += r

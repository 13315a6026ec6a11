// description: Load: update Country nodes by id (rows: property maps; a null removes a property, analysis_* are never sent).
// params: rows (list)
// mode: write
// example: {"rows": [{"id": "XX", "code": "XX", "name": "Example", "groups": ["NATO"], "concern": "none"}]}
UNWIND $rows AS r
MERGE (n:Country {id: r.id})
SET n += r

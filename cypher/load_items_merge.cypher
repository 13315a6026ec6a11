// description: Load: update Item nodes by id (rows: property maps; a null removes a property, analysis_* are never sent).
// params: rows (list)
// mode: write
// example: {"rows": [{"id": "item-x", "name": "Example", "kind": "material"}]}
UNWIND $rows AS r
MERGE (n:Item {id: r.id})
SET n += r

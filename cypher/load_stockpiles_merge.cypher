// description: Load: update Stockpile nodes by id (rows: property maps; a null removes a property, analysis_* are never sent).
// params: rows (list)
// mode: write
// example: {"rows": [{"id": "item-x|org-x", "item": "item-x", "holder": "org-x", "quantity": 1.0}]}
UNWIND $rows AS r
MERGE (n:Stockpile {id: r.id})
SET n += r

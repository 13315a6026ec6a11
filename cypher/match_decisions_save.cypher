// description: Matching: keep review decisions as MatchDecision nodes (id = left|right), which load --replace keeps, so a decision outlives a reload of its records (rows: property maps with id, left, right, decision, ...).
// params: rows (list)
// mode: write
// example: {"rows": [{"id": "a|b", "left": "a", "right": "b", "decision": "same", "score": 0.95}]}
UNWIND $rows AS r
MERGE (d:MatchDecision {id: r.id})
SET d += r

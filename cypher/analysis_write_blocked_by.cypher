// description: Create (:Item platform)-[:ANALYSIS_BLOCKED_BY {tier, path, candidates, allied_candidates}]->(:Item) from rows.
// params: rows (list)
// mode: write
// example: {"rows": [{"platform": "x", "item": "y", "tier": 1, "path": ["x", "y"], "candidates": ["o"], "allied_candidates": []}]}
UNWIND $rows AS r
MATCH (p:Item {id: r.platform})
MATCH (i:Item {id: r.item})
CREATE (p)-[:ANALYSIS_BLOCKED_BY {tier: r.tier, path: r.path, candidates: r.candidates, allied_candidates: r.allied_candidates}]->(i)

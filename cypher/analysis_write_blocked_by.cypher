// description: Write (:Item platform)-[:ANALYSIS_BLOCKED_BY {tier, path, candidates, allied_candidates}]->(:Item) from rows; an edge already there is kept and updated, and analysis_run is the run's token.
// params: rows (list), run (str)
// mode: write
// example: {"rows": [{"platform": "x", "item": "y", "tier": 1, "path": ["x", "y"], "candidates": ["o"], "allied_candidates": []}], "run": "latest"}
UNWIND $rows AS r
MATCH (p:Item {id: r.platform})
MATCH (i:Item {id: r.item})
MERGE (p)-[b:ANALYSIS_BLOCKED_BY]->(i)
SET b.tier = r.tier, b.path = r.path, b.candidates = r.candidates, b.allied_candidates = r.allied_candidates, b.analysis_run = $run

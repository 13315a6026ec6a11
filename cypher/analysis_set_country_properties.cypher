// description: Set analysis_* properties on Country nodes, one row per node: [id, props] (the write-back groups its rows by label, so each row costs one index look-up).
// params: rows (list), run (str)
// mode: write
// example: {"rows": [["x", {"analysis_min_tier": 0}]], "run": "latest"}
UNWIND $rows AS r
MATCH (n:Country {id: r[0]})
SET n += r[1], n.analysis_run = $run

// description: Set analysis_* properties on items, organisations, facilities and countries, one row per node: {id, props}.
// params: rows (list), run (str)
// mode: write
// example: {"rows": [{"id": "x", "props": {"analysis_min_tier": 0}}], "run": "latest"}
UNWIND $rows AS r
OPTIONAL MATCH (i:Item {id: r.id})
OPTIONAL MATCH (o:Organisation {id: r.id})
OPTIONAL MATCH (f:Facility {id: r.id})
OPTIONAL MATCH (c:Country {id: r.id})
WITH r, coalesce(i, o, f, c) AS n
WHERE n IS NOT NULL
SET n += r.props, n.analysis_run = $run

// description: Write (:Item platform)-[:ANALYSIS_SPOF {order: 2, pair, path, item, reason}]->(:Facility) from rows [platform, target, pair, path, item], reason $reason (one text for every pair); an edge already there is kept and updated, and analysis_run is the run's token.
// params: rows (list), reason (str), run (str)
// mode: write
// example: {"rows": [["x", "y", ["y", "z"], ["x"], "x"]], "reason": "losing both", "run": "latest"}
UNWIND $rows AS r
MATCH (p:Item {id: r[0]})
MATCH (x:Facility {id: r[1]})
MERGE (p)-[s:ANALYSIS_SPOF {order: 2, pair: r[2]}]->(x)
SET s.path = r[3], s.item = r[4], s.reason = $reason, s.analysis_run = $run

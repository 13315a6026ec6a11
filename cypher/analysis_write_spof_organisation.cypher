// description: Write (:Item platform)-[:ANALYSIS_SPOF {order: 1, path, item, reason}]->(:Organisation) from rows [platform, target, path, item, reason]; an edge already there is kept and updated (an unchanged value is no change for the engine), and analysis_run is the run's token.
// params: rows (list), run (str)
// mode: write
// example: {"rows": [["x", "y", ["x"], "x", "r"]], "run": "latest"}
UNWIND $rows AS r
MATCH (p:Item {id: r[0]})
MATCH (x:Organisation {id: r[1]})
MERGE (p)-[s:ANALYSIS_SPOF {order: 1}]->(x)
SET s.path = r[2], s.item = r[3], s.reason = r[4], s.analysis_run = $run

// description: Create (:Item platform)-[:ANALYSIS_SPOF {order, path, item, reason, pair}]->(node) from rows {platform, target, order, path, item, reason, pair}.
// params: rows (list)
// mode: write
// example: {"rows": [{"platform": "x", "target": "y", "order": 1, "path": ["x"], "item": "x", "reason": "r", "pair": null}]}
UNWIND $rows AS r
MATCH (p:Item {id: r.platform})
OPTIONAL MATCH (i:Item {id: r.target})
OPTIONAL MATCH (o:Organisation {id: r.target})
OPTIONAL MATCH (f:Facility {id: r.target})
OPTIONAL MATCH (c:Country {id: r.target})
WITH p, r, coalesce(i, o, f, c) AS x
WHERE x IS NOT NULL
CREATE (p)-[:ANALYSIS_SPOF {order: r.order, path: r.path, item: r.item, reason: r.reason, pair: r.pair}]->(x)

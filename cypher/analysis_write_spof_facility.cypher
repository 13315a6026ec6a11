// description: Create (:Item platform)-[:ANALYSIS_SPOF {order, path, item, reason, pair}]->(:Facility) from rows [platform, target, order, path, item, reason, pair]; an order-2 row's reason is $order2_reason (one text for every pair).
// params: rows (list), order2_reason (str)
// mode: write
// example: {"rows": [["x", "y", 1, ["x"], "x", "r", null], ["x", "y", 2, ["x"], "x", null, ["y", "z"]]], "order2_reason": "losing both"}
UNWIND $rows AS r
MATCH (p:Item {id: r[0]})
MATCH (x:Facility {id: r[1]})
CREATE (p)-[:ANALYSIS_SPOF {order: r[2], path: r[3], item: r[4], reason: CASE r[2] WHEN 2 THEN $order2_reason ELSE r[5] END, pair: r[6]}]->(x)

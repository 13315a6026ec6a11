// description: Load matches: create (:Organisation)-[:SAME_AS]->(:Organisation) review decisions when the store has no SAME_AS edges yet and the table has no extra columns (rows: [[left, right, decision, score, features, decided_by, decided_at], ...], lists rather than maps because they load faster).
// params: rows (list)
// mode: write
// example: {"rows": [["x", "y", "same", 0.97, null, null, null]]}
UNWIND $rows AS r
MATCH (a:Organisation {id: r[0]})
MATCH (b:Organisation {id: r[1]})
CREATE (a)-[:SAME_AS {decision: r[2], score: r[3], features: r[4], decided_by: r[5], decided_at: r[6]}]->(b)

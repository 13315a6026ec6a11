// description: Matching: (re)create the SAME_AS edge of every kept review decision whose two records are in the graph (after a load, and after a decision).
// params: 
// mode: write
// example: {}
MATCH (d:MatchDecision)
MATCH (a:Organisation {id: d.left})
MATCH (b:Organisation {id: d.right})
MERGE (a)-[x:SAME_AS]->(b)
SET x.decision = d.decision, x.score = d.score, x.features = d.features, x.decided_by = d.decided_by, x.decided_at = d.decided_at
RETURN count(x) AS linked

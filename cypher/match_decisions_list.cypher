// description: Matching: every review decision kept as a MatchDecision node.
// params: 
// mode: read
// example: {}
MATCH (d:MatchDecision)
RETURN properties(d) AS props

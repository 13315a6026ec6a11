// description: Delete the supply network and analysis results (load --replace); saved scenarios and match review decisions are kept.
// mode: write
MATCH (n)
WHERE NOT n:Scenario AND NOT n:MatchDecision
DETACH DELETE n

// description: Delete the supply network and analysis results (a replace, inside the load's transaction on Neo4j); saved scenarios and plans, match review decisions and the load lock are kept.
// mode: write
MATCH (n)
WHERE NOT n:Scenario AND NOT n:Plan AND NOT n:MatchDecision AND NOT n:SupplynetMeta
DETACH DELETE n

// description: Delete the supply network and analysis results (load --replace); saved scenarios are kept.
// mode: write
MATCH (n)
WHERE NOT n:Scenario
DETACH DELETE n

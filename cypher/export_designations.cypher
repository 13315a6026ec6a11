// description: Export: the designations table from (:Organisation)-[:LISTED_ON]->(:SanctionsList) edges (their properties hold the other columns).
// params: 
// mode: read
// example: {}
MATCH (a:Organisation)-[x:LISTED_ON]->(b:SanctionsList)
RETURN a.id AS entity, b.id AS list, properties(x) AS props

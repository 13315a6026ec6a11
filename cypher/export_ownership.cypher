// description: Export: the ownership table from (:Organisation)-[:OWNS]->(:Organisation) edges (their properties hold the other columns).
// params: 
// mode: read
// example: {}
MATCH (a:Organisation)-[x:OWNS]->(b:Organisation)
RETURN a.id AS owner, b.id AS owned, properties(x) AS props

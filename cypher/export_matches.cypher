// description: Export: the matches table from (:Organisation)-[:SAME_AS]->(:Organisation) review decisions (their properties hold the other columns).
// params: 
// mode: read
// example: {}
MATCH (a:Organisation)-[x:SAME_AS]->(b:Organisation)
RETURN a.id AS left, b.id AS right, properties(x) AS props

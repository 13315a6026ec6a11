// description: Export: the substitutes table from (:Item)-[:SUBSTITUTED_BY]->(:Item) edges (their properties hold the other columns).
// params: 
// mode: read
// example: {}
MATCH (a:Item)-[x:SUBSTITUTED_BY]->(b:Item)
RETURN a.id AS item, b.id AS substitute, properties(x) AS props

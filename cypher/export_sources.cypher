// description: Export: the sources table from (:Item)-[:SOURCED_FROM]->(:Organisation) edges (their properties hold the other columns).
// params: 
// mode: read
// example: {}
MATCH (a:Item)-[x:SOURCED_FROM]->(b:Organisation)
RETURN a.id AS item, b.id AS supplier, properties(x) AS props

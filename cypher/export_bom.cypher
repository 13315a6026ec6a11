// description: Export: the bom table from (:Item)-[:NEEDS]->(:Item) edges (their properties hold the other columns).
// params: 
// mode: read
// example: {}
MATCH (a:Item)-[x:NEEDS]->(b:Item)
RETURN a.id AS parent, b.id AS child, properties(x) AS props

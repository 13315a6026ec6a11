// description: Export: the production table from (:Item)-[:PRODUCED_IN]->(:Country) edges (their properties hold the other columns).
// params: 
// mode: read
// example: {}
MATCH (a:Item)-[x:PRODUCED_IN]->(b:Country)
RETURN a.id AS material, b.id AS country, properties(x) AS props

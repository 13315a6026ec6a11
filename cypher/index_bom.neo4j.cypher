// description: Bill-of-materials relationships of the supply index, one row per parent item with its children's ids collected server-side (Neo4j: far fewer records than relationships).
// params:
// mode: read
// example: {}
MATCH (a:Item)-[:NEEDS]->(b:Item)
RETURN a.id AS parent, collect(b.id) AS children

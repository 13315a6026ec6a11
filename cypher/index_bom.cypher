// description: Bill-of-materials relationships of the supply index: every NEEDS between two items as parent and child ids.
// params:
// mode: read
// example: {}
MATCH (a:Item)-[:NEEDS]->(b:Item)
RETURN a.id AS parent, b.id AS child

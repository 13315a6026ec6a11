// description: Bill-of-materials relationships of the supply index packed into one string (FalkorDB: one value parses far faster than one row per relationship); lines of parent and child ids separated by a tab.
// params:
// mode: read
// example: {}
MATCH (a:Item)-[:NEEDS]->(b:Item)
RETURN string.join(collect(a.id + '\t' + b.id), '\n') AS packed

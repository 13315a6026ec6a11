// description: Analyst library. Platforms that need an item, directly or through their bills of materials.
// params: item (str)
// mode: read
// example: {"item": "mat-gallium"}
MATCH (p:Item {kind: 'platform'})-[:NEEDS*0..20]->(i:Item {id: $item})
RETURN DISTINCT p.id AS platform, p.name AS name
ORDER BY platform

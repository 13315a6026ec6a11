// description: Sources of the supply index, one row per item with its sources collected server-side (Neo4j); each entry is [organisation, facility or null, qualified].
// params:
// mode: read
// example: {}
MATCH (i:Item)-[r:SOURCED_FROM]->(o:Organisation)
RETURN i.id AS item, collect([o.id, r.facility, coalesce(r.qualified, true)]) AS sources

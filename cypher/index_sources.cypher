// description: Sources of the supply index: every SOURCED_FROM as item, organisation, facility (or null) and whether it is qualified (absent means qualified).
// params:
// mode: read
// example: {}
MATCH (i:Item)-[r:SOURCED_FROM]->(o:Organisation)
RETURN i.id AS item, o.id AS supplier, r.facility AS facility, coalesce(r.qualified, true) AS qualified

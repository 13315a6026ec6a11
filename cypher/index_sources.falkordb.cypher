// description: Sources of the supply index packed into one string (FalkorDB); lines of item, organisation, facility (empty if none) and qualified (1 or 0) separated by tabs.
// params:
// mode: read
// example: {}
MATCH (i:Item)-[r:SOURCED_FROM]->(o:Organisation)
WITH i.id + '\t' + o.id + '\t' + coalesce(r.facility, '') + '\t' + CASE WHEN r.qualified = false THEN '0' ELSE '1' END AS line
RETURN string.join(collect(line), '\n') AS packed

// description: Nodes of the search index packed into one string (FalkorDB: one value parses far faster than one row per node); lines of id (a country's code), label, name, kind, country (an organisation's REGISTERED_IN, a facility's LOCATED_IN, else the property), LEI, CAGE, NSN separated by tabs.
// params:
// mode: read
// example: {}
MATCH (n)
WHERE n:Item OR n:Organisation OR n:Facility OR n:Country
OPTIONAL MATCH (n)-[r:REGISTERED_IN|LOCATED_IN]->(c:Country)
WHERE (n:Organisation AND type(r) = 'REGISTERED_IN') OR (n:Facility AND type(r) = 'LOCATED_IN')
WITH coalesce(n.code, n.id) + '\t' + labels(n)[0] + '\t' + replace(replace(coalesce(toString(n.name), ''), '\t', ' '), '\n', ' ') + '\t' + coalesce(n.kind, '') + '\t' + coalesce(c.id, n.country, '') + '\t' + coalesce(toString(n.lei), '') + '\t' + coalesce(toString(n.cage), '') + '\t' + coalesce(toString(n.nsn), '') AS line
RETURN string.join(collect(line), '\n') AS packed

// description: Nodes of the supply index packed into one string (FalkorDB: one value parses far faster than one row per node); lines of id, label, name, kind, country separated by tabs.
// params:
// mode: read
// example: {}
MATCH (n)
WHERE n:Item OR n:Organisation OR n:Facility OR n:Country
WITH n.id + '\t' + labels(n)[0] + '\t' + replace(replace(coalesce(n.name, ''), '\t', ' '), '\n', ' ') + '\t' + coalesce(n.kind, '') + '\t' + coalesce(n.country, '') AS line
RETURN string.join(collect(line), '\n') AS packed

// description: Nodes of the search index packed into one string (FalkorDB: one value parses far faster than one row per node); lines of id (a country's code), label, name, kind, country property, LEI, CAGE, NSN separated by tabs.
// params:
// mode: read
// example: {}
MATCH (n)
WHERE n:Item OR n:Organisation OR n:Facility OR n:Country
WITH coalesce(n.code, n.id) + '\t' + labels(n)[0] + '\t' + replace(replace(coalesce(toString(n.name), ''), '\t', ' '), '\n', ' ') + '\t' + coalesce(n.kind, '') + '\t' + coalesce(n.country, '') + '\t' + coalesce(toString(n.lei), '') + '\t' + coalesce(toString(n.cage), '') + '\t' + coalesce(toString(n.nsn), '') AS line
RETURN string.join(collect(line), '\n') AS packed

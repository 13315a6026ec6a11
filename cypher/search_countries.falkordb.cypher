// description: For the search index, packed into one string (FalkorDB: one value parses far faster than one row per link): lines of an organisation's id and the country it is registered in (REGISTERED_IN), or a facility's and the country it is located in (LOCATED_IN), separated by a tab.
// params:
// mode: read
// example: {}
MATCH (n)-[r:REGISTERED_IN|LOCATED_IN]->(c:Country)
WHERE (n:Organisation AND type(r) = 'REGISTERED_IN') OR (n:Facility AND type(r) = 'LOCATED_IN')
RETURN string.join(collect(n.id + '\t' + c.id), '\n') AS packed

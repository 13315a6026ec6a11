// description: Dependency relationships of the API's dependency index packed into one string (FalkorDB); lines of source, type, target, qualified (1 or 0) separated by tabs.
// params:
// mode: read
// example: {}
MATCH (a)-[r:NEEDS|SOURCED_FROM|MADE_AT|LOCATED_IN|REGISTERED_IN]->(b)
WITH a.id + '\t' + type(r) + '\t' + b.id + '\t' + CASE WHEN r.qualified = false THEN '0' ELSE '1' END AS line
RETURN string.join(collect(line), '\n') AS packed

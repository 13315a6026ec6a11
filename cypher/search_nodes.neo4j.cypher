// description: Nodes of the search index (graphmodel.search.SearchIndex.from_store), one row per label with the nodes collected server-side (Neo4j: a few records of long lists instead of one record per node); each entry is [id (a country's code), name, kind, country (an organisation's REGISTERED_IN, a facility's LOCATED_IN, else the property), lei, cage, nsn].
// params:
// mode: read
// example: {}
MATCH (n)
WHERE n:Item OR n:Organisation OR n:Facility OR n:Country
OPTIONAL MATCH (n)-[r:REGISTERED_IN|LOCATED_IN]->(c:Country)
WHERE (n:Organisation AND type(r) = 'REGISTERED_IN') OR (n:Facility AND type(r) = 'LOCATED_IN')
WITH labels(n)[0] AS label, n, c
RETURN label, collect([coalesce(n.code, n.id), n.name, n.kind, coalesce(c.id, n.country), n.lei, n.cage, n.nsn]) AS nodes

// description: Nodes of the search index (graphmodel.search.SearchIndex.from_store), one row per label with the nodes collected server-side (Neo4j: a few records of long lists instead of one record per node); each entry is [id (a country's code), name, kind, country property, lei, cage, nsn].
// params:
// mode: read
// example: {}
MATCH (n)
WHERE n:Item OR n:Organisation OR n:Facility OR n:Country
WITH labels(n)[0] AS label, n
RETURN label, collect([coalesce(n.code, n.id), n.name, n.kind, n.country, n.lei, n.cage, n.nsn]) AS nodes

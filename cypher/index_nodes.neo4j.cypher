// description: Nodes of the supply index (graphmodel.analysis.index.SupplyIndex.from_rows), one row per label with the nodes collected server-side (Neo4j: a few records of long lists instead of one record per node); each entry is [id, name, kind, country].
// params:
// mode: read
// example: {}
MATCH (n)
WHERE n:Item OR n:Organisation OR n:Facility OR n:Country
WITH labels(n)[0] AS label, n
RETURN label, collect([n.id, n.name, n.kind, n.country]) AS nodes

// description: Nodes of the supply index (graphmodel.analysis.index.SupplyIndex.from_rows): id, label, name, kind and country of every item, organisation, facility and country.
// params:
// mode: read
// example: {}
MATCH (n)
WHERE n:Item OR n:Organisation OR n:Facility OR n:Country
RETURN n.id AS id, labels(n)[0] AS label, n.name AS name, n.kind AS kind, n.country AS country

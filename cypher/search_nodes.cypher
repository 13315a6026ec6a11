// description: Nodes of the search index (graphmodel.search.SearchIndex.from_store): id (a country's code), label, name, kind, country (an organisation's REGISTERED_IN, a facility's LOCATED_IN, else the property), LEI, CAGE and NSN of every item, organisation, facility and country.
// params:
// mode: read
// example: {}
MATCH (n)
WHERE n:Item OR n:Organisation OR n:Facility OR n:Country
OPTIONAL MATCH (n)-[r:REGISTERED_IN|LOCATED_IN]->(c:Country)
WHERE (n:Organisation AND type(r) = 'REGISTERED_IN') OR (n:Facility AND type(r) = 'LOCATED_IN')
RETURN coalesce(n.code, n.id) AS id, labels(n)[0] AS label, n.name AS name, n.kind AS kind, coalesce(c.id, n.country) AS country, n.lei AS lei, n.cage AS cage, n.nsn AS nsn

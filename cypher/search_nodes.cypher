// description: Nodes of the search index (graphmodel.search.SearchIndex.from_store): id (a country's code), label, name, kind, country property, LEI, CAGE and NSN of every item, organisation, facility and country (search_countries gives the countries they are registered or located in).
// params:
// mode: read
// example: {}
MATCH (n)
WHERE n:Item OR n:Organisation OR n:Facility OR n:Country
RETURN coalesce(n.code, n.id) AS id, labels(n)[0] AS label, n.name AS name, n.kind AS kind, n.country AS country, n.lei AS lei, n.cage AS cage, n.nsn AS nsn

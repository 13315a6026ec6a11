// description: For the search index (graphmodel.search.SearchIndex.from_store): the country each organisation is registered in (REGISTERED_IN) and each facility is located in (LOCATED_IN), as id and country.
// params:
// mode: read
// example: {}
MATCH (n)-[r:REGISTERED_IN|LOCATED_IN]->(c:Country)
WHERE (n:Organisation AND type(r) = 'REGISTERED_IN') OR (n:Facility AND type(r) = 'LOCATED_IN')
RETURN n.id AS id, c.id AS country

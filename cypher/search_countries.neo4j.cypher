// description: For the search index, one row per country with the ids collected server-side (Neo4j: a few hundred records instead of one per link): the organisations registered in it (REGISTERED_IN) and the facilities located in it (LOCATED_IN).
// params:
// mode: read
// example: {}
MATCH (n)-[r:REGISTERED_IN|LOCATED_IN]->(c:Country)
WHERE (n:Organisation AND type(r) = 'REGISTERED_IN') OR (n:Facility AND type(r) = 'LOCATED_IN')
RETURN c.id AS country, collect(n.id) AS ids

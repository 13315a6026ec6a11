// description: The given facilities as bundle rows, with operator and location country.
// params: ids (list)
// mode: read
// example: {"ids": ["x"]}
UNWIND $ids AS id
MATCH (f:Facility {id: id})
OPTIONAL MATCH (f)-[:OPERATED_BY]->(o:Organisation)
OPTIONAL MATCH (f)-[:LOCATED_IN]->(c:Country)
RETURN properties(f) AS props, o.id AS operator, c.id AS country

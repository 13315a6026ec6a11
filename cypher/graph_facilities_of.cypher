// description: The given facilities as bundle rows, with operator and location country.
// params: ids (list)
// mode: read
// example: {"ids": ["x"]}
UNWIND $ids AS id
MATCH (f:Facility {id: id})
OPTIONAL MATCH (f)-[:OPERATED_BY]->(o:Organisation)
OPTIONAL MATCH (f)-[:LOCATED_IN]->(c:Country)
WITH f, o, c, [k IN keys(f) WHERE NOT k STARTS WITH 'analysis_'] AS ks
RETURN ks AS prop_keys, [k IN ks | f[k]] AS prop_values, o.id AS operator, c.id AS country

// description: Every facility as a bundle row, with its operator and location country.
// mode: read
MATCH (f:Facility)
OPTIONAL MATCH (f)-[:OPERATED_BY]->(o:Organisation)
OPTIONAL MATCH (f)-[:LOCATED_IN]->(c:Country)
RETURN properties(f) AS props, o.id AS operator, c.id AS country

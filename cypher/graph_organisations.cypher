// description: Every organisation as a bundle row, with its registration country.
// mode: read
MATCH (o:Organisation)
OPTIONAL MATCH (o)-[:REGISTERED_IN]->(c:Country)
RETURN properties(o) AS props, c.id AS country

// description: Every organisation as a bundle row, with its registration country.
// mode: read
MATCH (o:Organisation)
OPTIONAL MATCH (o)-[:REGISTERED_IN]->(c:Country)
WITH o, c, [k IN keys(o) WHERE NOT k STARTS WITH 'analysis_'] AS ks
RETURN ks AS prop_keys, [k IN ks | o[k]] AS prop_values, c.id AS country

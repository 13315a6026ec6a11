// description: The given organisations, the records reviewed as the same as them, and every owner up their ownership chains, as bundle rows with registration country.
// params: ids (list)
// mode: read
// example: {"ids": ["x"]}
UNWIND $ids AS id
MATCH (:Organisation {id: id})-[:SAME_AS*0..1]-(:Organisation)<-[:OWNS*0..]-(o:Organisation)
WITH DISTINCT o
OPTIONAL MATCH (o)-[:REGISTERED_IN]->(c:Country)
WITH o, c, [k IN keys(o) WHERE NOT k STARTS WITH 'analysis_'] AS ks
RETURN ks AS prop_keys, [k IN ks | o[k]] AS prop_values, c.id AS country

// description: The given organisations, the records reviewed as the same as them, and every owner up their ownership chains, as bundle rows with registration country.
// params: ids (list)
// mode: read
// example: {"ids": ["x"]}
UNWIND $ids AS id
MATCH (:Organisation {id: id})-[:SAME_AS*0..1]-(:Organisation)<-[:OWNS*0..]-(o:Organisation)
WITH DISTINCT o
OPTIONAL MATCH (o)-[:REGISTERED_IN]->(c:Country)
RETURN properties(o) AS props, c.id AS country

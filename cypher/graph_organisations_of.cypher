// description: The given organisations and every owner up their ownership chains, as bundle rows with registration country.
// params: ids (list)
// mode: read
// example: {"ids": ["x"]}
UNWIND $ids AS id
MATCH (:Organisation {id: id})<-[:OWNS*0..]-(o:Organisation)
WITH DISTINCT o
OPTIONAL MATCH (o)-[:REGISTERED_IN]->(c:Country)
RETURN properties(o) AS props, c.id AS country

// description: A platform's upstream items (variable-length NEEDS from it, itself included) as bundle rows.
// params: platform (str)
// mode: read
// example: {"platform": "x"}
MATCH (:Item {id: $platform})-[:NEEDS*0..]->(i:Item)
WITH DISTINCT i
RETURN properties(i) AS props

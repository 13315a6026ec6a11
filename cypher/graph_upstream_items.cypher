// description: A platform's upstream items (variable-length NEEDS from it, itself included) as bundle rows.
// params: platform (str)
// mode: read
// example: {"platform": "x"}
MATCH (:Item {id: $platform})-[:NEEDS*0..]->(i:Item)
WITH DISTINCT i
WITH i, [k IN keys(i) WHERE NOT k STARTS WITH 'analysis_'] AS ks
RETURN ks AS prop_keys, [k IN ks | i[k]] AS prop_values

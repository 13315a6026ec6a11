// description: Analyst library. Paths from a platform through the items it needs to a supplier and up its ownership chain to an owner registered in a country of concern 'adversary' (at most 4 ownership steps), shortest first.
// params: platform (str), limit (int)
// mode: read
// example: {"platform": "p-thermal-sight", "limit": 25}
MATCH path = (p:Item {id: $platform})-[:NEEDS*0..20]->(i:Item)-[s:SOURCED_FROM]->(o:Organisation)<-[:OWNS*1..4]-(owner:Organisation)-[:REGISTERED_IN]->(c:Country)
WHERE c.concern = 'adversary' AND coalesce(s.qualified, true)
RETURN owner.id AS owner, owner.name AS owner_name, c.id AS country, o.id AS supplier,
       i.id AS item, [n IN nodes(path) | n.id] AS path
ORDER BY size(path), owner, supplier, item
LIMIT $limit

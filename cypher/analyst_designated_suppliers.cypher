// description: Analyst library. Suppliers of a platform on a sanctions or designation list, with the list, the listing date and the items they supply.
// params: platform (str)
// mode: read
// example: {"platform": "p-thermal-sight"}
MATCH (p:Item {id: $platform})-[:NEEDS*0..20]->(i:Item)-[:SOURCED_FROM]->(o:Organisation)-[l:LISTED_ON]->(s:SanctionsList)
RETURN o.id AS organisation, o.name AS name, s.id AS list, l.listed_on AS listed_on,
       collect(DISTINCT i.id) AS items
ORDER BY organisation, list

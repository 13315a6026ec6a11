// description: Analyst library. Suppliers of a platform in a country: organisations registered there, or supplying from a facility located there, that are qualified sources of any item the platform needs, with those items.
// params: platform (str), country (str)
// mode: read
// example: {"platform": "p-155-round", "country": "US"}
MATCH (p:Item {id: $platform})-[:NEEDS*0..20]->(i:Item)-[s:SOURCED_FROM]->(o:Organisation)
WHERE coalesce(s.qualified, true)
OPTIONAL MATCH (f:Facility {id: s.facility})
WITH o, i, f
WHERE o.country = $country OR f.country = $country
RETURN o.id AS organisation, o.name AS name, o.country AS registered_in,
       collect(DISTINCT i.id) AS items, collect(DISTINCT f.id) AS facilities
ORDER BY organisation

// description: Analyst library. Items a platform needs that have exactly one qualified source, with that source.
// params: platform (str)
// mode: read
// example: {"platform": "p-155-round"}
MATCH (p:Item {id: $platform})-[:NEEDS*0..20]->(i:Item)
WITH DISTINCT i
MATCH (i)-[s:SOURCED_FROM]->(o:Organisation)
WHERE coalesce(s.qualified, true)
WITH i, collect(o) AS sources
WHERE size(sources) = 1
RETURN i.id AS item, i.name AS name, i.kind AS kind, sources[0].id AS source,
       sources[0].name AS source_name, sources[0].country AS source_country
ORDER BY item

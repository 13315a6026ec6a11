// description: Every sourcing edge as a sources row (edge properties map).
// mode: read
MATCH (i:Item)-[r:SOURCED_FROM]->(o:Organisation)
RETURN i.id AS item, o.id AS supplier, properties(r) AS props

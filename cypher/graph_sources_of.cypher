// description: Sourcing edges of the given items, as sources rows.
// params: items (list)
// mode: read
// example: {"items": ["x"]}
UNWIND $items AS id
MATCH (i:Item {id: id})-[r:SOURCED_FROM]->(o:Organisation)
RETURN i.id AS item, o.id AS supplier, properties(r) AS props

// description: Bill-of-materials edges leaving the given items, as bom rows.
// params: items (list)
// mode: read
// example: {"items": ["x"]}
UNWIND $items AS id
MATCH (p:Item {id: id})-[r:NEEDS]->(c:Item)
RETURN p.id AS parent, c.id AS child, r.quantity AS quantity, r.sites AS sites

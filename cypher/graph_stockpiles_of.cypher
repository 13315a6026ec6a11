// description: Stockpiles of the given items, as stockpiles rows.
// params: items (list)
// mode: read
// example: {"items": ["x"]}
UNWIND $items AS id
MATCH (s:Stockpile)-[:STOCK_OF]->(i:Item {id: id})
OPTIONAL MATCH (s)-[:HELD_BY]->(h)
RETURN i.id AS item, h.id AS holder, properties(s) AS props

// description: Every stockpile as a stockpiles row.
// mode: read
MATCH (s:Stockpile)-[:STOCK_OF]->(i:Item)
OPTIONAL MATCH (s)-[:HELD_BY]->(h)
RETURN i.id AS item, h.id AS holder, properties(s) AS props

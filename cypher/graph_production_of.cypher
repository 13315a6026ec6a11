// description: World-production edges of the given items, as production rows.
// params: items (list)
// mode: read
// example: {"items": ["x"]}
UNWIND $items AS id
MATCH (m:Item {id: id})-[r:PRODUCED_IN]->(c:Country)
RETURN m.id AS material, c.id AS country, properties(r) AS props

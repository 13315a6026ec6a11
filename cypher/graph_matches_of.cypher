// description: Match decisions touching the given organisations, as matches rows.
// params: ids (list)
// mode: read
// example: {"ids": ["x"]}
MATCH (a:Organisation)-[r:SAME_AS]->(b:Organisation)
WHERE a.id IN $ids OR b.id IN $ids
RETURN a.id AS left, b.id AS right, properties(r) AS props

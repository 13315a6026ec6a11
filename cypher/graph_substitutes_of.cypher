// description: Substitution edges leaving the given items, as substitutes rows.
// params: items (list)
// mode: read
// example: {"items": ["x"]}
UNWIND $items AS id
MATCH (a:Item {id: id})-[r:SUBSTITUTED_BY]->(b:Item)
RETURN a.id AS item, b.id AS substitute, r.qualified AS qualified

// description: Ownership edges into the given organisations, as ownership rows.
// params: ids (list)
// mode: read
// example: {"ids": ["x"]}
UNWIND $ids AS id
MATCH (a:Organisation)-[r:OWNS]->(b:Organisation {id: id})
RETURN a.id AS owner, b.id AS owned, r.percentage AS percentage, r.kind AS kind

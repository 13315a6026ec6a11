// description: Ownership edges into the given organisations, as ownership rows (properties hold percentage, kind, period and provenance).
// params: ids (list)
// mode: read
// example: {"ids": ["x"]}
UNWIND $ids AS id
MATCH (a:Organisation)-[r:OWNS]->(b:Organisation {id: id})
RETURN a.id AS owner, b.id AS owned, properties(r) AS props

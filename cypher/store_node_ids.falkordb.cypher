// description: FalkorDB only. Id properties of nodes by the store's internal id (ad-hoc results name the endpoints of relationships returned without their nodes).
// params: ids (list of int)
// mode: read
// example: {"ids": [0, 1]}
MATCH (n)
WHERE id(n) IN $ids
RETURN id(n) AS i, coalesce(n.id, n.code) AS id

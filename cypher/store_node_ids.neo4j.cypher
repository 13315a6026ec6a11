// description: Neo4j only. Id properties of nodes by element id (ad-hoc results name the endpoints of relationships returned without their nodes).
// params: ids (list of str)
// mode: read
// example: {"ids": ["4:00000000-0000-0000-0000-000000000000:0"]}
MATCH (n)
WHERE elementId(n) IN $ids
RETURN elementId(n) AS e, coalesce(n.id, n.code) AS id

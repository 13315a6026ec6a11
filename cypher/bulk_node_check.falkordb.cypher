// description: FalkorDB only. Bulk load: the nodes at or above an internal id (a check that GRAPH.BULK gave the new nodes the ids expected), with the id properties of the first and last.
// params: start (int), last (int)
// mode: read
// example: {"start": 0, "last": 0}
MATCH (n)
WHERE id(n) >= $start
WITH count(n) AS nodes, min(id(n)) AS lo, max(id(n)) AS hi
OPTIONAL MATCH (a) WHERE id(a) = $start
OPTIONAL MATCH (b) WHERE id(b) = $last
RETURN nodes, lo, hi, a.id AS first, b.id AS final

// description: FalkorDB only. Bulk load: how many nodes the graph holds and its highest internal id (GRAPH.BULK gives new nodes the ids after it when there are no gaps).
// params:
// mode: read
// example: {}
MATCH (n)
RETURN count(n) AS nodes, max(id(n)) AS top

// description: FalkorDB only. Bulk load: the id property and internal id of every node with a label (the ends of relationships GRAPH.BULK creates).
// params: label (str)
// mode: read
// example: {"label": "Country"}
MATCH (n)
WHERE $label IN labels(n)
RETURN collect(n.id) AS ids, collect(id(n)) AS internal

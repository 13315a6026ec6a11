// description: Ids of every country, organisation, facility and item in the graph, by label (to check an incremental import's references).
// params:
// mode: read
// example: {}
MATCH (n)
WHERE n:Item OR n:Organisation OR n:Facility OR n:Country
RETURN labels(n)[0] AS label, collect(n.id) AS ids

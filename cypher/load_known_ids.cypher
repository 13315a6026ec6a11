// description: Load: the ids already in the store, one list per label.
// params: 
// mode: read
// example: {}
MATCH (n:Country)
RETURN 'Country' AS label, collect(n.id) AS ids
UNION ALL
MATCH (n:Organisation)
RETURN 'Organisation' AS label, collect(n.id) AS ids
UNION ALL
MATCH (n:Facility)
RETURN 'Facility' AS label, collect(n.id) AS ids
UNION ALL
MATCH (n:Item)
RETURN 'Item' AS label, collect(n.id) AS ids
UNION ALL
MATCH (n:Stockpile)
RETURN 'Stockpile' AS label, collect(n.id) AS ids

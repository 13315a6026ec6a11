// description: Every bill-of-materials edge as a bom row.
// mode: read
MATCH (p:Item)-[r:NEEDS]->(c:Item)
RETURN p.id AS parent, c.id AS child, r.quantity AS quantity, r.sites AS sites

// description: Every substitution edge as a substitutes row.
// mode: read
MATCH (a:Item)-[r:SUBSTITUTED_BY]->(b:Item)
RETURN a.id AS item, b.id AS substitute, r.qualified AS qualified

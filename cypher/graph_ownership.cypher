// description: Every ownership edge as an ownership row.
// mode: read
MATCH (a:Organisation)-[r:OWNS]->(b:Organisation)
RETURN a.id AS owner, b.id AS owned, r.percentage AS percentage, r.kind AS kind

// description: Every ownership edge as an ownership row (properties hold percentage, kind, period and provenance).
// mode: read
MATCH (a:Organisation)-[r:OWNS]->(b:Organisation)
RETURN a.id AS owner, b.id AS owned, properties(r) AS props

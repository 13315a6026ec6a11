// description: Every match decision as a matches row (the analysis links decision = same).
// mode: read
MATCH (a:Organisation)-[r:SAME_AS]->(b:Organisation)
RETURN a.id AS left, b.id AS right, properties(r) AS props

// description: Every world-production edge as a production row.
// mode: read
MATCH (m:Item)-[r:PRODUCED_IN]->(c:Country)
RETURN m.id AS material, c.id AS country, properties(r) AS props

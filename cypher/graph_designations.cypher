// description: Every designation as a designations row (properties hold dates, reason and provenance).
// mode: read
MATCH (o:Organisation)-[r:LISTED_ON]->(s:SanctionsList)
RETURN o.id AS entity, s.id AS list, properties(r) AS props

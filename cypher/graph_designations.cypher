// description: Every designation as a designations row.
// mode: read
MATCH (o:Organisation)-[r:LISTED_ON]->(s:SanctionsList)
RETURN o.id AS entity, s.id AS list, r.listed_on AS listed_on, r.reason AS reason

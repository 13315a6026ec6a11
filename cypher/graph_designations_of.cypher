// description: Designations of the given organisations, as designations rows (properties hold dates, reason and provenance).
// params: ids (list)
// mode: read
// example: {"ids": ["x"]}
UNWIND $ids AS id
MATCH (o:Organisation {id: id})-[r:LISTED_ON]->(s:SanctionsList)
RETURN o.id AS entity, s.id AS list, properties(r) AS props

// description: One saved what-if scenario by its id.
// params: id (str)
// mode: read
// example: {"id": "scenario:example"}
MATCH (s:Scenario {id: $id})
WHERE s.deleted_at IS NULL
RETURN s.id AS id, s.name AS name, s.spec_json AS spec_json, s.created_at AS created_at, s.updated_at AS updated_at

// description: One saved plan by its id.
// params: id (str)
// mode: read
// example: {"id": "plan:example"}
MATCH (s:Plan {id: $id})
WHERE s.deleted_at IS NULL
RETURN s.id AS id, s.name AS name, s.plan_json AS plan_json, s.created_at AS created_at, s.updated_at AS updated_at

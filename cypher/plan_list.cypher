// description: Every saved plan, by name.
// params:
// mode: read
// example: {}
MATCH (s:Plan)
WHERE s.deleted_at IS NULL
RETURN s.id AS id, s.name AS name, s.plan_json AS plan_json, s.created_at AS created_at, s.updated_at AS updated_at
ORDER BY s.name

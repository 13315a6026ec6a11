// description: Every saved what-if scenario, by name.
// params:
// mode: read
// example: {}
MATCH (s:Scenario)
WHERE s.deleted_at IS NULL
RETURN s.id AS id, s.name AS name, s.spec_json AS spec_json, s.created_at AS created_at, s.updated_at AS updated_at
ORDER BY s.name

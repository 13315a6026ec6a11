// description: Save a named what-if scenario (create, or replace its spec keeping created_at).
// params: id (str), name (str), spec_json (str), now (str)
// mode: write
// example: {"id": "scenario:example", "name": "example", "spec_json": "{\"name\": \"example\", \"countries\": [\"CN\"]}", "now": "2025-01-01T00:00:00+00:00"}
MERGE (s:Scenario {id: $id})
ON CREATE SET s.created_at = $now
SET s.name = $name, s.spec_json = $spec_json, s.updated_at = $now
RETURN s.id AS id, s.name AS name, s.created_at AS created_at, s.updated_at AS updated_at

// description: Save a what-if scenario by its id, replacing one of that name (its created_at kept) or reviving a deleted one (a new created_at).
// params: id (str), name (str), spec_json (str), now (str)
// mode: write
// example: {"id": "scenario:example", "name": "example", "spec_json": "{}", "now": "2025-01-01T00:00:00+00:00"}
MERGE (s:Scenario {id: $id})
ON CREATE SET s.created_at = $now
WITH s, s.deleted_at IS NOT NULL AS revived
SET s.created_at = CASE WHEN revived THEN $now ELSE s.created_at END,
    s.deleted_at = null,
    s.name = $name, s.spec_json = $spec_json, s.updated_at = $now
RETURN s.id AS id, s.name AS name, s.created_at AS created_at, s.updated_at AS updated_at

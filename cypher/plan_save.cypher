// description: Save a named plan (create, or replace its levers keeping created_at, or revive a deleted one).
// params: id (str), name (str), plan_json (str), now (str)
// mode: write
// example: {"id": "plan:example", "name": "example", "plan_json": "{\"name\": \"example\", \"levers\": []}", "now": "2025-01-01T00:00:00+00:00"}
MERGE (s:Plan {id: $id})
ON CREATE SET s.created_at = $now
WITH s, s.deleted_at IS NOT NULL AS revived
SET s.created_at = CASE WHEN revived THEN $now ELSE s.created_at END,
    s.deleted_at = null,
    s.name = $name, s.plan_json = $plan_json, s.updated_at = $now
RETURN s.id AS id, s.name AS name, s.created_at AS created_at, s.updated_at AS updated_at

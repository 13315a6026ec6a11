// description: Load: copy saved plans into a staged graph (a replace keeps them); rows as returned by plan_list.
// params: rows (list)
// mode: write
// example: {"rows": [{"id": "plan:example", "name": "example", "plan_json": "{}", "created_at": "2025-01-01T00:00:00+00:00", "updated_at": "2025-01-01T00:00:00+00:00"}]}
UNWIND $rows AS r
CREATE (:Plan {id: r.id, name: r.name, plan_json: r.plan_json, created_at: r.created_at, updated_at: r.updated_at})

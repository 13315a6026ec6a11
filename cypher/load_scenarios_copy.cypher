// description: Load: copy saved what-if scenarios into a staged graph (a replace keeps them); rows as returned by scenario_list.
// params: rows (list)
// mode: write
// example: {"rows": [{"id": "scenario:example", "name": "example", "spec_json": "{}", "created_at": "2025-01-01T00:00:00+00:00", "updated_at": "2025-01-01T00:00:00+00:00"}]}
UNWIND $rows AS r
CREATE (:Scenario {id: r.id, name: r.name, spec_json: r.spec_json, created_at: r.created_at, updated_at: r.updated_at})

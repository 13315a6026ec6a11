// description: Delete a saved what-if scenario by its id: it is marked deleted (a tombstone dropped by the next replace), never DELETEd, because deleting an early node of a large FalkorDB graph corrupts its label scan (docs/stores.md); returns how many were deleted.
// params: id (str), now (str)
// mode: write
// example: {"id": "scenario:example", "now": "2025-01-01T00:00:00+00:00"}
OPTIONAL MATCH (s:Scenario {id: $id})
WHERE s.deleted_at IS NULL
SET s.deleted_at = $now
RETURN count(s) AS deleted

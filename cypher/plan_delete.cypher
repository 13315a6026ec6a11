// description: Delete a saved plan by its id: it is marked deleted (a tombstone dropped by the next replace), never DELETEd, as saved scenarios are (docs/stores.md, FalkorDB's label-scan bug); returns how many were deleted.
// params: id (str), now (str)
// mode: write
// example: {"id": "plan:example", "now": "2025-01-01T00:00:00+00:00"}
OPTIONAL MATCH (s:Plan {id: $id})
WHERE s.deleted_at IS NULL
SET s.deleted_at = $now
RETURN count(s) AS deleted

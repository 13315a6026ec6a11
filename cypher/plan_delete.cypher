// description: Delete a saved plan by its id; returns how many were deleted.
// params: id (str)
// mode: write
// example: {"id": "plan:example"}
OPTIONAL MATCH (s:Plan {id: $id})
WITH s, CASE WHEN s IS NULL THEN 0 ELSE 1 END AS found
DELETE s
RETURN sum(found) AS deleted

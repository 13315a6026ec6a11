// description: Delete a saved what-if scenario by its id; returns how many were deleted.
// params: id (str)
// mode: write
// example: {"id": "scenario:example"}
OPTIONAL MATCH (s:Scenario {id: $id})
WITH s, CASE WHEN s IS NULL THEN 0 ELSE 1 END AS found
DELETE s
RETURN sum(found) AS deleted

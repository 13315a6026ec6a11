// description: One organisation by id, with all its stored properties.
// params: id (str)
// mode: read
// example: {"id": "x"}
MATCH (n:Organisation {id: $id})
RETURN properties(n) AS node

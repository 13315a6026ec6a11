// description: One country by id, with all its stored properties.
// params: id (str)
// mode: read
// example: {"id": "x"}
MATCH (n:Country {id: $id})
RETURN properties(n) AS node

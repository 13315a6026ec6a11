// description: One facility by id, with all its stored properties.
// params: id (str)
// mode: read
// example: {"id": "x"}
MATCH (n:Facility {id: $id})
RETURN properties(n) AS node

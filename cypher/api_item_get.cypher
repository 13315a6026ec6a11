// description: One item by id, with all its stored properties.
// params: id (str)
// mode: read
// example: {"id": "x"}
MATCH (n:Item {id: $id})
RETURN properties(n) AS node

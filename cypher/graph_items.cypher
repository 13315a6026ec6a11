// description: Every item as a bundle row (properties map).
// mode: read
MATCH (i:Item)
RETURN properties(i) AS props

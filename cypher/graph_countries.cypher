// description: Every country as a bundle row (properties map) for the analysis graph.
// mode: read
MATCH (c:Country)
RETURN properties(c) AS props

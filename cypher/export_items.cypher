// description: Export: every Item node's properties (the items table; the loader strips id/analysis_* as needed).
// params: 
// mode: read
// example: {}
MATCH (n:Item)
RETURN properties(n) AS row

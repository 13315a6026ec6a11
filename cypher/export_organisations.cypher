// description: Export: every Organisation node's properties (the organisations table; the loader strips id/analysis_* as needed).
// params: 
// mode: read
// example: {}
MATCH (n:Organisation)
RETURN properties(n) AS row

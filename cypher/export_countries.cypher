// description: Export: every Country node's properties (the countries table; the loader strips id/analysis_* as needed).
// params: 
// mode: read
// example: {}
MATCH (n:Country)
RETURN properties(n) AS row

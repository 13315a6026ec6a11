// description: Export: every Facility node's properties (the facilities table; the loader strips id/analysis_* as needed).
// params: 
// mode: read
// example: {}
MATCH (n:Facility)
RETURN properties(n) AS row

// description: Export: every Stockpile node's properties (the stockpiles table; the loader strips id/analysis_* as needed).
// params: 
// mode: read
// example: {}
MATCH (n:Stockpile)
RETURN properties(n) AS row

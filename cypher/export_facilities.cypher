// description: Export: every Facility node's properties (the facilities table), analysis_* left out.
// params: 
// mode: read
// example: {}
MATCH (n:Facility)
WITH n, [k IN keys(n) WHERE NOT k STARTS WITH 'analysis_'] AS ks
RETURN ks AS prop_keys, [k IN ks | n[k]] AS prop_values

// description: Export: every Country node's properties (the countries table), analysis_* left out.
// params: 
// mode: read
// example: {}
MATCH (n:Country)
WITH n, [k IN keys(n) WHERE NOT k STARTS WITH 'analysis_'] AS ks
RETURN ks AS prop_keys, [k IN ks | n[k]] AS prop_values

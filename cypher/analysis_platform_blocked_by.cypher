// description: A platform's written adversary-free blocking items with tier, path and candidate sources.
// params: platform (str)
// mode: read
// example: {"platform": "x"}
MATCH (:Item {id: $platform})-[r:ANALYSIS_BLOCKED_BY]->(i:Item)
RETURN i.id AS item, r.tier AS tier, r.path AS path, r.candidates AS candidates, r.allied_candidates AS allied_candidates
ORDER BY tier, item

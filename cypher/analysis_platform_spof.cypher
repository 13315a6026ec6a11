// description: A platform's written single points of failure: node id, label, order, path, reason and pair.
// params: platform (str)
// mode: read
// example: {"platform": "x"}
MATCH (:Item {id: $platform})-[r:ANALYSIS_SPOF]->(x)
RETURN x.id AS id, labels(x)[0] AS label, r.order AS order, r.path AS path, r.item AS item, r.reason AS reason, r.pair AS pair
ORDER BY order, id

// description: Facilities whose name or id starts with a prefix (case-insensitive), filtered, ordered by id, one page.
// params: prefix (str), country (str), operator (str), skip (int), limit (int)
// mode: read
// example: {"prefix": "a", "country": null, "operator": null, "skip": 0, "limit": 10}
MATCH (n:Facility)
WHERE ($prefix IS NULL OR toLower(n.name) STARTS WITH toLower($prefix) OR toLower(n.id) STARTS WITH toLower($prefix))
  AND ($country IS NULL OR n.country = $country) AND ($operator IS NULL OR n.operator = $operator)
RETURN properties(n) AS node
ORDER BY n.id
SKIP $skip
LIMIT $limit

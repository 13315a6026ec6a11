// description: Organisations whose name or id starts with a prefix (case-insensitive), filtered, ordered by id, one page.
// params: prefix (str), kind (str), country (str), skip (int), limit (int)
// mode: read
// example: {"prefix": "a", "kind": null, "country": null, "skip": 0, "limit": 10}
MATCH (n:Organisation)
WHERE ($prefix IS NULL OR toLower(n.name) STARTS WITH toLower($prefix) OR toLower(n.id) STARTS WITH toLower($prefix))
  AND ($kind IS NULL OR n.kind = $kind) AND ($country IS NULL OR n.country = $country)
RETURN properties(n) AS node
ORDER BY n.id
SKIP $skip
LIMIT $limit

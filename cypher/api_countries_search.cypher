// description: Countries whose name or id starts with a prefix (case-insensitive), filtered, ordered by id, one page.
// params: prefix (str), concern (str), group (str), skip (int), limit (int)
// mode: read
// example: {"prefix": "a", "concern": null, "group": null, "skip": 0, "limit": 10}
MATCH (n:Country)
WHERE ($prefix IS NULL OR toLower(n.name) STARTS WITH toLower($prefix) OR toLower(n.id) STARTS WITH toLower($prefix))
  AND ($concern IS NULL OR n.concern = $concern) AND ($group IS NULL OR $group IN n.groups)
RETURN properties(n) AS node
ORDER BY n.id
SKIP $skip
LIMIT $limit

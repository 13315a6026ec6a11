// description: How many countries match the prefix and filters of api_countries_search.
// params: prefix (str), concern (str), group (str)
// mode: read
// example: {"prefix": "a", "concern": null, "group": null}
MATCH (n:Country)
WHERE ($prefix IS NULL OR toLower(n.name) STARTS WITH toLower($prefix) OR toLower(n.id) STARTS WITH toLower($prefix))
  AND ($concern IS NULL OR n.concern = $concern) AND ($group IS NULL OR $group IN n.groups)
RETURN count(n) AS total

// description: How many facilities match the prefix and filters of api_facilities_search.
// params: prefix (str), country (str), operator (str)
// mode: read
// example: {"prefix": "a", "country": null, "operator": null}
MATCH (n:Facility)
WHERE ($prefix IS NULL OR toLower(n.name) STARTS WITH toLower($prefix) OR toLower(n.id) STARTS WITH toLower($prefix))
  AND ($country IS NULL OR n.country = $country) AND ($operator IS NULL OR n.operator = $operator)
RETURN count(n) AS total

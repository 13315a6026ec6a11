// description: How many organisations match the prefix and filters of api_organisations_search.
// params: prefix (str), kind (str), country (str)
// mode: read
// example: {"prefix": "a", "kind": null, "country": null}
MATCH (n:Organisation)
WHERE ($prefix IS NULL OR toLower(n.name) STARTS WITH toLower($prefix) OR toLower(n.id) STARTS WITH toLower($prefix))
  AND ($kind IS NULL OR n.kind = $kind) AND ($country IS NULL OR n.country = $country)
RETURN count(n) AS total

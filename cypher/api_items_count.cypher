// description: How many items match the prefix and filters of api_items_search.
// params: prefix (str), kind (str)
// mode: read
// example: {"prefix": "a", "kind": null}
MATCH (n:Item)
WHERE ($prefix IS NULL OR toLower(n.name) STARTS WITH toLower($prefix) OR toLower(n.id) STARTS WITH toLower($prefix))
  AND ($kind IS NULL OR n.kind = $kind)
RETURN count(n) AS total

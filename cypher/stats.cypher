// description: Count nodes by label and relationships by type.
// params:
MATCH (n)
WHERE NOT n:SupplynetMeta
WITH labels(n)[0] AS label, count(*) AS n
RETURN 'node' AS what, label AS name, n AS count
UNION ALL
MATCH ()-[r]->()
WITH type(r) AS t, count(*) AS n
RETURN 'relationship' AS what, t AS name, n AS count

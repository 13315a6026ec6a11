// description: Load: per node label and relationship type the bundle writes, how many exist and which property keys they carry (a reload removes keys a row no longer has).
// params: 
// mode: read
// example: {}
MATCH (n:Country)
WITH count(n) AS total, collect(DISTINCT keys(n)) AS sets
RETURN 'Country' AS name, total AS count, reduce(acc = [], s IN sets | acc + [k IN s WHERE NOT k IN acc]) AS keys
UNION ALL
MATCH (n:Organisation)
WITH count(n) AS total, collect(DISTINCT keys(n)) AS sets
RETURN 'Organisation' AS name, total AS count, reduce(acc = [], s IN sets | acc + [k IN s WHERE NOT k IN acc]) AS keys
UNION ALL
MATCH (n:Facility)
WITH count(n) AS total, collect(DISTINCT keys(n)) AS sets
RETURN 'Facility' AS name, total AS count, reduce(acc = [], s IN sets | acc + [k IN s WHERE NOT k IN acc]) AS keys
UNION ALL
MATCH (n:Item)
WITH count(n) AS total, collect(DISTINCT keys(n)) AS sets
RETURN 'Item' AS name, total AS count, reduce(acc = [], s IN sets | acc + [k IN s WHERE NOT k IN acc]) AS keys
UNION ALL
MATCH (n:Stockpile)
WITH count(n) AS total, collect(DISTINCT keys(n)) AS sets
RETURN 'Stockpile' AS name, total AS count, reduce(acc = [], s IN sets | acc + [k IN s WHERE NOT k IN acc]) AS keys
UNION ALL
MATCH ()-[x:NEEDS]->()
WITH count(x) AS total, collect(DISTINCT keys(x)) AS sets
RETURN 'NEEDS' AS name, total AS count, reduce(acc = [], s IN sets | acc + [k IN s WHERE NOT k IN acc]) AS keys
UNION ALL
MATCH ()-[x:SOURCED_FROM]->()
WITH count(x) AS total, collect(DISTINCT keys(x)) AS sets
RETURN 'SOURCED_FROM' AS name, total AS count, reduce(acc = [], s IN sets | acc + [k IN s WHERE NOT k IN acc]) AS keys
UNION ALL
MATCH ()-[x:MADE_AT]->()
WITH count(x) AS total, collect(DISTINCT keys(x)) AS sets
RETURN 'MADE_AT' AS name, total AS count, reduce(acc = [], s IN sets | acc + [k IN s WHERE NOT k IN acc]) AS keys
UNION ALL
MATCH ()-[x:OWNS]->()
WITH count(x) AS total, collect(DISTINCT keys(x)) AS sets
RETURN 'OWNS' AS name, total AS count, reduce(acc = [], s IN sets | acc + [k IN s WHERE NOT k IN acc]) AS keys
UNION ALL
MATCH ()-[x:LISTED_ON]->()
WITH count(x) AS total, collect(DISTINCT keys(x)) AS sets
RETURN 'LISTED_ON' AS name, total AS count, reduce(acc = [], s IN sets | acc + [k IN s WHERE NOT k IN acc]) AS keys
UNION ALL
MATCH ()-[x:SUBSTITUTED_BY]->()
WITH count(x) AS total, collect(DISTINCT keys(x)) AS sets
RETURN 'SUBSTITUTED_BY' AS name, total AS count, reduce(acc = [], s IN sets | acc + [k IN s WHERE NOT k IN acc]) AS keys
UNION ALL
MATCH ()-[x:PRODUCED_IN]->()
WITH count(x) AS total, collect(DISTINCT keys(x)) AS sets
RETURN 'PRODUCED_IN' AS name, total AS count, reduce(acc = [], s IN sets | acc + [k IN s WHERE NOT k IN acc]) AS keys

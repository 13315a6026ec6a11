// description: Load designations: create (:Organisation)-[:LISTED_ON]->(:SanctionsList) when the store has no LISTED_ON edges yet and the table has no extra columns (rows: [[entity, list, listed_on, reason], ...], lists rather than maps because they load faster).
// params: rows (list)
// mode: write
// example: {"rows": [["x", "y", null, "x"]]}
UNWIND $rows AS r
MATCH (a:Organisation {id: r[0]})
MATCH (b:SanctionsList {id: r[1]})
CREATE (a)-[:LISTED_ON {listed_on: r[2], reason: r[3]}]->(b)

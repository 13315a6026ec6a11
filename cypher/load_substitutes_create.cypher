// description: Load substitutes: create (:Item)-[:SUBSTITUTED_BY]->(:Item) when the store has no SUBSTITUTED_BY edges yet and the table has no extra columns (rows: [[item, substitute, qualified], ...], lists rather than maps because they load faster).
// params: rows (list)
// mode: write
// example: {"rows": [["x", "y", true]]}
UNWIND $rows AS r
MATCH (a:Item {id: r[0]})
MATCH (b:Item {id: r[1]})
CREATE (a)-[:SUBSTITUTED_BY {qualified: r[2]}]->(b)

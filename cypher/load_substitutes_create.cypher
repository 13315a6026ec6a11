// description: Load substitutes: create (:Item)-[:SUBSTITUTED_BY]->(:Item) when the store has no SUBSTITUTED_BY edges yet and the table has no extra columns (rows: {rows: [[item, substitute, qualified], ...]} as the only element of rows: the store takes map rows, list rows are faster).
// params: rows (list)
// mode: write
// example: {"rows": [{"rows": [["x", "y", true]]}]}
UNWIND $rows[0].rows AS r
MATCH (a:Item {id: r[0]})
MATCH (b:Item {id: r[1]})
CREATE (a)-[:SUBSTITUTED_BY {qualified: r[2]}]->(b)

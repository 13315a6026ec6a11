// description: Load ownership: create (:Organisation)-[:OWNS]->(:Organisation) when the store has no OWNS edges yet and the table has no extra columns (rows: [[owner, owned, percentage, kind], ...], lists rather than maps because they load faster).
// params: rows (list)
// mode: write
// example: {"rows": [["x", "y", 50.0, "equity"]]}
UNWIND $rows AS r
MATCH (a:Organisation {id: r[0]})
MATCH (b:Organisation {id: r[1]})
CREATE (a)-[:OWNS {percentage: r[2], kind: r[3]}]->(b)

// description: Load: (:Item)-[:MADE_AT {supplier}]->(:Facility), merged on supplier (rows: s, e, p = item, facility, supplier).
// params: rows (list)
// mode: write
// example: {"rows": [{"s": "x", "e": "y", "p": "s"}]}
UNWIND $rows AS r
MATCH (a:Item {id: r.s})
MATCH (b:Facility {id: r.e})
MERGE (a)-[:MADE_AT {supplier: r.p}]->(b)

// description: Load production shares: replace the (:Item)-[:PRODUCED_IN]->(:Country) edge of the same stage and year (MERGE cannot match an absent year) (rows: s, e, p = material, country, properties).
// params: rows (list)
// mode: write
// example: {"rows": [{"s": "x", "e": "y", "p": {"share": 0.5, "stage": "mine", "year": 2024}}]}
UNWIND $rows AS r
MATCH (a:Item {id: r.s})
MATCH (b:Country {id: r.e})
OPTIONAL MATCH (a)-[old:PRODUCED_IN {stage: r.p.stage}]->(b)
WHERE old.year = r.p.year OR (old.year IS NULL AND r.p.year IS NULL)
DELETE old
WITH a, b, r
CREATE (a)-[x:PRODUCED_IN]->(b)
SET x = r.p

// description: FalkorDB loads: scan every label and relationship type of the staged graph before it is committed, so the engine brings its matrices up to date on a query thread and the commit's fork has nothing left to synchronise on the server's main thread, where it would stall every reader (docs/stores.md). One row per part with its count; tests/e2e/test_cypher_files.py checks every label and type the statements use is here.
// params:
// mode: read
// example: {}
MATCH (n:AnalysisRun) RETURN 'AnalysisRun' AS part, count(labels(n)) AS n
UNION ALL
MATCH (n:Country) RETURN 'Country' AS part, count(labels(n)) AS n
UNION ALL
MATCH (n:Facility) RETURN 'Facility' AS part, count(labels(n)) AS n
UNION ALL
MATCH (n:Item) RETURN 'Item' AS part, count(labels(n)) AS n
UNION ALL
MATCH (n:MatchDecision) RETURN 'MatchDecision' AS part, count(labels(n)) AS n
UNION ALL
MATCH (n:Organisation) RETURN 'Organisation' AS part, count(labels(n)) AS n
UNION ALL
MATCH (n:Plan) RETURN 'Plan' AS part, count(labels(n)) AS n
UNION ALL
MATCH (n:SanctionsList) RETURN 'SanctionsList' AS part, count(labels(n)) AS n
UNION ALL
MATCH (n:Scenario) RETURN 'Scenario' AS part, count(labels(n)) AS n
UNION ALL
MATCH (n:Stockpile) RETURN 'Stockpile' AS part, count(labels(n)) AS n
UNION ALL
MATCH (n:SupplynetMeta) RETURN 'SupplynetMeta' AS part, count(labels(n)) AS n
UNION ALL
MATCH ()-[r:ANALYSIS_BLOCKED_BY]->() RETURN 'ANALYSIS_BLOCKED_BY' AS part, count(type(r)) AS n
UNION ALL
MATCH ()-[r:ANALYSIS_SPOF]->() RETURN 'ANALYSIS_SPOF' AS part, count(type(r)) AS n
UNION ALL
MATCH ()-[r:HELD_BY]->() RETURN 'HELD_BY' AS part, count(type(r)) AS n
UNION ALL
MATCH ()-[r:LISTED_ON]->() RETURN 'LISTED_ON' AS part, count(type(r)) AS n
UNION ALL
MATCH ()-[r:LOCATED_IN]->() RETURN 'LOCATED_IN' AS part, count(type(r)) AS n
UNION ALL
MATCH ()-[r:MADE_AT]->() RETURN 'MADE_AT' AS part, count(type(r)) AS n
UNION ALL
MATCH ()-[r:NEEDS]->() RETURN 'NEEDS' AS part, count(type(r)) AS n
UNION ALL
MATCH ()-[r:OPERATED_BY]->() RETURN 'OPERATED_BY' AS part, count(type(r)) AS n
UNION ALL
MATCH ()-[r:OWNS]->() RETURN 'OWNS' AS part, count(type(r)) AS n
UNION ALL
MATCH ()-[r:PRODUCED_IN]->() RETURN 'PRODUCED_IN' AS part, count(type(r)) AS n
UNION ALL
MATCH ()-[r:REGISTERED_IN]->() RETURN 'REGISTERED_IN' AS part, count(type(r)) AS n
UNION ALL
MATCH ()-[r:SAME_AS]->() RETURN 'SAME_AS' AS part, count(type(r)) AS n
UNION ALL
MATCH ()-[r:SOURCED_FROM]->() RETURN 'SOURCED_FROM' AS part, count(type(r)) AS n
UNION ALL
MATCH ()-[r:STOCK_OF]->() RETURN 'STOCK_OF' AS part, count(type(r)) AS n
UNION ALL
MATCH ()-[r:SUBSTITUTED_BY]->() RETURN 'SUBSTITUTED_BY' AS part, count(type(r)) AS n
UNION ALL
MATCH (a)-[r]->() RETURN 'any relationship' AS part, count(type(r)) AS n
UNION ALL
MATCH (n) RETURN 'labels' AS part, count(labels(n)) AS n

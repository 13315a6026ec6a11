// description: Uniqueness constraints on id and lookup indexes for Neo4j 5.
// mode: write
CREATE CONSTRAINT country_id IF NOT EXISTS FOR (n:Country) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT organisation_id IF NOT EXISTS FOR (n:Organisation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT facility_id IF NOT EXISTS FOR (n:Facility) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT item_id IF NOT EXISTS FOR (n:Item) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT sanctions_list_id IF NOT EXISTS FOR (n:SanctionsList) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT stockpile_id IF NOT EXISTS FOR (n:Stockpile) REQUIRE n.id IS UNIQUE;
CREATE INDEX item_kind IF NOT EXISTS FOR (n:Item) ON (n.kind);
CREATE INDEX item_name IF NOT EXISTS FOR (n:Item) ON (n.name);
CREATE INDEX organisation_name IF NOT EXISTS FOR (n:Organisation) ON (n.name);
CREATE INDEX organisation_country IF NOT EXISTS FOR (n:Organisation) ON (n.country);
CREATE INDEX facility_country IF NOT EXISTS FOR (n:Facility) ON (n.country);
CREATE CONSTRAINT scenario_id IF NOT EXISTS FOR (n:Scenario) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT plan_id IF NOT EXISTS FOR (n:Plan) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT analysis_run_id IF NOT EXISTS FOR (n:AnalysisRun) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT supplynet_meta_id IF NOT EXISTS FOR (n:SupplynetMeta) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT match_decision_id IF NOT EXISTS FOR (n:MatchDecision) REQUIRE n.id IS UNIQUE

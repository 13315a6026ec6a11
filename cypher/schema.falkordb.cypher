// description: Lookup indexes for the embedded store (FalkorDB); unique constraints on id are created through FalkorDB's GRAPH.CONSTRAINT command by the store class.
// mode: write
CREATE INDEX FOR (n:Country) ON (n.id);
CREATE INDEX FOR (n:Organisation) ON (n.id);
CREATE INDEX FOR (n:Facility) ON (n.id);
CREATE INDEX FOR (n:Item) ON (n.id);
CREATE INDEX FOR (n:SanctionsList) ON (n.id);
CREATE INDEX FOR (n:Stockpile) ON (n.id);
CREATE INDEX FOR (n:Item) ON (n.kind);
CREATE INDEX FOR (n:Item) ON (n.name);
CREATE INDEX FOR (n:Organisation) ON (n.name);
CREATE INDEX FOR (n:Organisation) ON (n.country);
CREATE INDEX FOR (n:Facility) ON (n.country);
CREATE INDEX FOR (n:Scenario) ON (n.id);
CREATE INDEX FOR (n:Plan) ON (n.id);
CREATE INDEX FOR (n:AnalysisRun) ON (n.id);
CREATE INDEX FOR (n:MatchDecision) ON (n.id)

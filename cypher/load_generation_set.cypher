// description: Neo4j loads: record the new graph generation in the load's own transaction, so it changes exactly when the load commits.
// params: generation (str)
// mode: write
// example: {"generation": "example"}
MERGE (m:SupplynetMeta {id: 'load'})
SET m.generation = $generation

// description: Neo4j loads: take the one load lock (the write lock of a meta node) inside the load's transaction, so a second load waits until the first commits or rolls back.
// params: token (str)
// mode: write
// example: {"token": "example"}
MERGE (m:SupplynetMeta {id: 'load'})
SET m.taken_by = $token

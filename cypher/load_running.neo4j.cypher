// description: Neo4j loads: how many supplynet load transactions are running now (each load is one transaction, tagged with metadata).
// params:
// mode: read
SHOW TRANSACTIONS YIELD metaData
WHERE metaData.app = 'supplynet' AND metaData.kind = 'load'
RETURN count(*) AS running

// description: Delete every node and relationship, saved scenarios included (tests, uninstall), committing in batches so a large graph never needs one huge transaction.
// mode: autocommit
MATCH (n)
CALL (n) {
  DETACH DELETE n
} IN TRANSACTIONS OF 10000 ROWS

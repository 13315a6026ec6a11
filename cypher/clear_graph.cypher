// description: Delete every node and relationship (load --replace).
// mode: write
MATCH (n) DETACH DELETE n

// description: Delete every node and relationship, saved scenarios included (tests, uninstall).
// mode: write
MATCH (n)
DETACH DELETE n

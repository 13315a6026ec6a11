// description: Analyst library. Ownership chains of an organisation: up to its owners and down to its subsidiaries (at most 6 steps each way), with the percentage of each step.
// params: organisation (str)
// mode: read
// example: {"organisation": "o-mb-sg"}
MATCH chain = (top:Organisation)-[:OWNS*1..6]->(o:Organisation {id: $organisation})
RETURN 'owner' AS direction, [n IN nodes(chain) | n.id] AS chain,
       [r IN relationships(chain) | r.percentage] AS percentages
UNION ALL
MATCH chain = (o:Organisation {id: $organisation})-[:OWNS*1..6]->(sub:Organisation)
RETURN 'subsidiary' AS direction, [n IN nodes(chain) | n.id] AS chain,
       [r IN relationships(chain) | r.percentage] AS percentages

// description: The generation of the live graph (the last committed load), or no row before the first.
// params:
MATCH (m:SupplynetMeta {id: 'load'})
RETURN m.generation AS generation

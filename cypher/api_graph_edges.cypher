// description: Dependency relationships of the API's dependency index (bill of materials, sourcing, facilities, countries).
// params:
// mode: read
// example: {}
MATCH (a)-[r:NEEDS|SOURCED_FROM|MADE_AT|LOCATED_IN|REGISTERED_IN]->(b)
RETURN a.id AS source, type(r) AS type, b.id AS target, r.qualified AS qualified

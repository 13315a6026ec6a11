// description: For the search index's merge of records reviewed as the same (graphmodel.analysis.asof.link_same_as): of the given organisations, whether each has a dataset and whether it supplies an item or operates a facility.
// params: ids (list)
// mode: read
// example: {"ids": ["x"]}
UNWIND $ids AS id
MATCH (o:Organisation {id: id})
OPTIONAL MATCH (o)<-[s:SOURCED_FROM]-(:Item)
WITH o, count(s) AS supplies
OPTIONAL MATCH (o)<-[f:OPERATED_BY]-(:Facility)
WITH o, supplies, count(f) AS operates
RETURN o.id AS id, o.dataset AS dataset, supplies + operates > 0 AS used

// description: Set every analysis_* property of Country nodes, one row per node: [id, props]; a property the row leaves out is removed (set to null), so an unchanged value is no change for the engine, and analysis_run is the run's token.
// params: rows (list), run (str)
// mode: write
// example: {"rows": [["x", {"analysis_min_tier": 0}]], "run": "latest"}
UNWIND $rows AS r
MATCH (n:Country {id: r[0]})
SET n.analysis_adversary_linked = r[1].analysis_adversary_linked,
  n.analysis_reasons = r[1].analysis_reasons,
  n.analysis_tiers = r[1].analysis_tiers,
  n.analysis_min_tier = r[1].analysis_min_tier,
  n.analysis_platforms = r[1].analysis_platforms,
  n.analysis_spof_platforms = r[1].analysis_spof_platforms,
  n.analysis_spof2_platforms = r[1].analysis_spof2_platforms,
  n.analysis_sole_source = r[1].analysis_sole_source,
  n.analysis_single_country = r[1].analysis_single_country,
  n.analysis_data_gap = r[1].analysis_data_gap,
  n.analysis_blocking_platforms = r[1].analysis_blocking_platforms,
  n.analysis_producible = r[1].analysis_producible,
  n.analysis_adversary_free = r[1].analysis_adversary_free,
  n.analysis_order1_count = r[1].analysis_order1_count,
  n.analysis_order2_count = r[1].analysis_order2_count,
  n.analysis_blocking_count = r[1].analysis_blocking_count,
  n.analysis_max_tier = r[1].analysis_max_tier,
  n.analysis_supplier_hhi = r[1].analysis_supplier_hhi,
  n.analysis_country_hhi = r[1].analysis_country_hhi,
  n.analysis_concern_share = r[1].analysis_concern_share,
  n.analysis_allied_share = r[1].analysis_allied_share,
  n.analysis_equal_shares = r[1].analysis_equal_shares,
  n.analysis_run = $run

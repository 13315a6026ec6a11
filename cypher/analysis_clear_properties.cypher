// description: Remove every analysis_* property from nodes an earlier analysis run wrote and this one ($run, its token) did not.
// params: run (str)
// mode: write
// example: {"run": "latest"}
MATCH (n)
WHERE n.analysis_run IS NOT NULL AND n.analysis_run <> $run
REMOVE n.analysis_run,
  n.analysis_adversary_linked,
  n.analysis_reasons,
  n.analysis_tiers,
  n.analysis_min_tier,
  n.analysis_platforms,
  n.analysis_spof_platforms,
  n.analysis_spof2_platforms,
  n.analysis_sole_source,
  n.analysis_single_country,
  n.analysis_data_gap,
  n.analysis_blocking_platforms,
  n.analysis_producible,
  n.analysis_adversary_free,
  n.analysis_order1_count,
  n.analysis_order2_count,
  n.analysis_blocking_count,
  n.analysis_max_tier,
  n.analysis_supplier_hhi,
  n.analysis_country_hhi,
  n.analysis_concern_share,
  n.analysis_allied_share,
  n.analysis_equal_shares

// description: Record the latest analysis run: (:AnalysisRun {id: 'latest'}) with when, which policy, how long and a summary.
// params: finished_at (str), policy (str), duration_s (float), platforms (list), summary (str)
// mode: write
// example: {"finished_at": "2025-01-01T00:00:00+00:00", "policy": "default", "duration_s": 1.0, "platforms": ["x"], "summary": "{}"}
MERGE (a:AnalysisRun {id: 'latest'})
SET a.finished_at = $finished_at,
  a.policy = $policy,
  a.duration_s = $duration_s,
  a.platforms = $platforms,
  a.summary = $summary

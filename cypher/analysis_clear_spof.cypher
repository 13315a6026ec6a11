// description: Delete the ANALYSIS_SPOF relationships earlier analysis runs wrote and this one ($run, its token) did not.
// params: run (str)
// mode: write
// example: {"run": "latest"}
MATCH (:Item)-[r:ANALYSIS_SPOF]->()
WHERE r.analysis_run IS NULL OR r.analysis_run <> $run
DELETE r

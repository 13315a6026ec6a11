// description: Delete every ANALYSIS_SPOF relationship of a previous analysis run.
// mode: write
MATCH (:Item)-[r:ANALYSIS_SPOF]->()
DELETE r

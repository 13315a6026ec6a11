// description: Delete every ANALYSIS_BLOCKED_BY relationship of a previous analysis run.
// mode: write
MATCH (:Item)-[r:ANALYSIS_BLOCKED_BY]->(:Item)
DELETE r

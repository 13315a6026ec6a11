// description: The latest analysis run's record, if any.
// mode: read
MATCH (a:AnalysisRun {id: 'latest'})
RETURN properties(a) AS run

// description: Organisations and facilities the latest run marked adversary-linked, with their reasons (JSON).
// mode: read
MATCH (n)
WHERE n.analysis_adversary_linked = true
RETURN n.id AS id, labels(n)[0] AS label, n.analysis_reasons AS reasons
ORDER BY id

-- The quarantined-records queue: every record that failed its schema (@id NULL), or one.
INSERT INTO recon_findings
  (id, queue, status, severity, rule, summary, proposal, applies, person_id, email, product, month, amount_minor, records, detail, fingerprint, decision_id, decided_by, decided_at)
SELECT
  'quarantined:q:' || q.id,
  'quarantined',
  CASE res.value WHEN 'approve' THEN 'approved' WHEN 'reject' THEN 'rejected' ELSE 'open' END,
  'warn',
  'failed its schema',
  q.stream || ' record ' || coalesce(q.record_key, '(no id)') || ' failed its schema: ' || q.reason,
  'Left out of the plan; fix it at the source and pull again.',
  1,
  NULL, NULL, NULL,
  recon_month(q.received_at),
  NULL,
  json_array('q:' || q.id),
  json_object('stream', q.stream, 'recordKey', q.record_key, 'reason', q.reason),
  q.content_hash,
  res.decision_id, res.reviewer, res.decided_at
FROM quarantine q
LEFT JOIN recon_resolutions res ON res.finding_id = 'quarantined:q:' || q.id AND res.stale_reason IS NULL AND res.basis = q.content_hash
WHERE @id IS NULL OR q.id = @id;

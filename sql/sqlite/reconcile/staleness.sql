-- Decisions that cannot apply to the data as it is now: an edit of a record that is gone, a
-- resolution of a finding that is gone or changed. (Edits whose record changed under them, and
-- merges of keys no record has, are found while records are built and clustered.) Then every
-- decision in force takes the state its effect has.
UPDATE recon_overrides SET stale_reason = 'The record is no longer in the sources.'
WHERE stale_reason IS NULL AND NOT EXISTS (SELECT 1 FROM recon_records r WHERE r.rid = recon_overrides.rid);

UPDATE recon_resolutions SET stale_reason = 'The finding no longer applies to the data as it is now.'
WHERE stale_reason IS NULL AND NOT EXISTS (SELECT 1 FROM recon_findings f WHERE f.id = recon_resolutions.finding_id);

UPDATE recon_resolutions SET stale_reason = 'The finding changed since the decision (its records or amounts are not what the reviewer saw).'
WHERE stale_reason IS NULL AND EXISTS (SELECT 1 FROM recon_findings f WHERE f.id = recon_resolutions.finding_id AND f.fingerprint <> recon_resolutions.basis);

UPDATE recon_decision_state SET state = 'active', stale_reason = NULL WHERE state = 'stale';

UPDATE recon_decision_state SET state = 'stale', stale_reason = x.reason
FROM (
  SELECT decision_id, stale_reason AS reason FROM recon_overrides WHERE stale_reason IS NOT NULL
  UNION ALL SELECT decision_id, stale_reason FROM recon_links WHERE stale_reason IS NOT NULL
  UNION ALL SELECT decision_id, stale_reason FROM recon_resolutions WHERE stale_reason IS NOT NULL
  UNION ALL SELECT decision_id, stale_reason FROM recon_catalog_rejects
) AS x
WHERE x.decision_id = recon_decision_state.decision_id AND recon_decision_state.state = 'active';

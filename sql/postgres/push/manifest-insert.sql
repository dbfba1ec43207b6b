-- $1 plan sha256, $2 reviewer, $3 approved at, $4 workspace id, $5 tables, $6 control totals, $7 validation.
INSERT INTO cutover_staging.push_manifest (plan_sha256, approved_by, approved_at, workspace, tables, control_totals, validation)
VALUES ($1, $2, $3::timestamptz, $4, $5::jsonb, $6::jsonb, $7::jsonb)

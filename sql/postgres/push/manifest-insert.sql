-- $1 plan sha256, $2 tables (each staged table's rows and the sums of its numeric columns),
-- $3 owned columns, $4 reviewer, $5 approved at, $6 workspace, $7 row origins, $8 control
-- totals, $9 validation.
INSERT INTO cutover_staging.push_manifest (plan_sha256, tables, owned_columns, approved_by, approved_at, workspace, row_origins, control_totals, validation)
VALUES ($1, $2::jsonb, $3::jsonb, $4, $5::timestamptz, $6, $7::jsonb, $8::jsonb, $9::jsonb)

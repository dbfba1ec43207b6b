-- A failed attempt, recorded on its own after its transaction rolled back (nothing else of it remains).
-- $1 kind, $2 plan sha256, $3 tables, $4 standby schema, $5 of_history, $6 error, $7 summary, $8 app version.
INSERT INTO cutover_admin.history (kind, status, plan_sha256, tables, standby_schema, of_history, error, summary, finished_at, app_version)
VALUES ($1, 'failed', $2, $3::jsonb, $4, $5, $6, $7::jsonb, clock_timestamp(), $8)

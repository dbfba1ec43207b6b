-- $1 kind, $2 plan sha256, $3 tables, $4 standby schema, $5 park schema, $6 of_history, $7 app version.
INSERT INTO cutover_admin.history (kind, status, plan_sha256, tables, standby_schema, park_schema, of_history, app_version)
VALUES ($1, 'running', $2, $3::jsonb, $4, $5, $6, $7)
RETURNING id

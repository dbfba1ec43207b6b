-- $1 tables, $2 the dropped park schema, $3 the swap that parked them, $4 summary, $5 app version.
INSERT INTO cutover_admin.history (kind, status, tables, park_schema, of_history, committed_at, finished_at, summary, app_version)
VALUES ('drop-backups', 'committed', $1::jsonb, $2, $3, clock_timestamp(), clock_timestamp(), $4::jsonb, $5)
RETURNING id

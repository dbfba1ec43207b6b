-- The history, newest first (empty when the schema does not exist yet: see history.ts).
SELECT id::int AS id, kind, status, started_at, committed_at, finished_at, plan_sha256, tables, standby_schema, park_schema,
       of_history::int AS of_history, capture_high_water::int8 AS capture_high_water, lock_attempts, lock_wait_ms::float8 AS lock_wait_ms,
       lock_hold_ms::float8 AS lock_hold_ms, summary, error, app_version,
       EXISTS (SELECT 1 FROM cutover_admin.history r WHERE r.of_history = h.id AND r.status = 'committed' AND r.kind = 'rollback') AS rolled_back,
       EXISTS (SELECT 1 FROM cutover_admin.history r WHERE r.of_history = h.id AND r.status = 'committed' AND r.kind = 'drop-backups') AS backups_dropped
  FROM cutover_admin.history h
 ORDER BY id DESC
 LIMIT $1

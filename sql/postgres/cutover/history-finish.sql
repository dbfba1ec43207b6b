-- $1 id, $2 lock hold ms, $3 summary to merge in (post-commit steps). After COMMIT, on its own.
UPDATE cutover_admin.history
   SET lock_hold_ms = $2, finished_at = clock_timestamp(), summary = summary || $3::jsonb
 WHERE id = $1

-- $1 id, $2 lock attempts, $3 lock wait ms, $4 summary. Just before COMMIT: the row commits with the swap.
UPDATE cutover_admin.history
   SET status = 'committed', lock_attempts = $2, lock_wait_ms = $3, summary = $4::jsonb
 WHERE id = $1

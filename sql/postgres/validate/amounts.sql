-- Every staged transaction of the plan carries the plan's amount to the centavo, and no staged
-- transaction is negative. _failed: how many fail (over all of them; at most 50 are returned).
SELECT count(*) OVER () AS _failed, f.*
  FROM (
    SELECT s.id::text AS id, s.external_id, l.amount::numeric AS plan_amount, s.amount AS staged_amount
      FROM cutover_staging.transactions s
      JOIN pg_temp.load_transactions l ON l.id::uuid = s.id
     WHERE s.amount IS DISTINCT FROM l.amount::numeric
    UNION ALL
    SELECT s.id::text, s.external_id, NULL, s.amount
      FROM cutover_staging.transactions s
     WHERE s.amount < 0 AND NOT EXISTS (SELECT 1 FROM pg_temp.load_transactions l WHERE l.id::uuid = s.id)
  ) f
 ORDER BY f.external_id
 LIMIT 50

-- $1 the sign-off's amount (an exact decimal). The staged plan transactions add up to what the
-- reviewer approved; a row when they do not.
WITH staged AS (
  SELECT count(*) AS rows, coalesce(sum(s.amount), 0) AS amount
    FROM cutover_staging.transactions s
    JOIN pg_temp.load_transactions l ON l.id::uuid = s.id
)
SELECT 1 AS _failed, staged.rows AS staged_rows, $1::numeric AS approved_amount, staged.amount AS staged_amount, staged.amount - $1::numeric AS difference
  FROM staged
 WHERE staged.amount <> $1::numeric

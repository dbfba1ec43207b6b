-- $1 the approved plan's control totals (jsonb: transaction_type, status, currency, month, rows,
-- amount as an exact decimal), $2 the business time zone. The plan's staged transactions grouped
-- the same way must match every group's count and sum to the centavo; a row per group that
-- does not (or exists on one side only).
WITH staged AS (
  SELECT s.transaction_type::text AS transaction_type, s.status, s.currency,
         to_char(s.created_at AT TIME ZONE $2, 'YYYY-MM') AS month, count(*) AS rows, sum(s.amount) AS amount
    FROM cutover_staging.transactions s
    JOIN pg_temp.load_transactions l ON l.id::uuid = s.id
   GROUP BY 1, 2, 3, 4
), expected AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS e(transaction_type text, status text, currency text, month text, rows bigint, amount numeric)
)
SELECT count(*) OVER () AS _failed,
       coalesce(e.transaction_type, s.transaction_type) AS transaction_type, coalesce(e.status, s.status) AS status,
       coalesce(e.currency, s.currency) AS currency, coalesce(e.month, s.month) AS month,
       e.rows AS approved_rows, s.rows AS staged_rows, e.amount AS approved_amount, s.amount AS staged_amount,
       coalesce(s.amount, 0) - coalesce(e.amount, 0) AS difference
  FROM expected e
  FULL JOIN staged s ON (s.transaction_type, s.status, s.currency, s.month) = (e.transaction_type, e.status, e.currency, e.month)
 WHERE e.rows IS DISTINCT FROM s.rows OR e.amount IS DISTINCT FROM s.amount
 ORDER BY 5, 2, 3, 4
 LIMIT 50

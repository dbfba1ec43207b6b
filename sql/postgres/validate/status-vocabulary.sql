-- $1 the target's status vocabulary (the values the catalog maps source statuses to). Staged
-- transactions whose status is none of them: production rows the plan does not cover, kept with
-- a status the app's dashboards do not count.
SELECT count(*) OVER () AS _failed, s.status, count(*) AS rows
  FROM cutover_staging.transactions s
 WHERE s.status <> ALL ($1::text[])
 GROUP BY s.status
 ORDER BY count(*) DESC, s.status
 LIMIT 50

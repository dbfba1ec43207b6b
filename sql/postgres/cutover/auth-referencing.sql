-- Foreign keys into auth.users from the app's tables (not auth's own, not the cutover's schemas).
-- Names qualified whatever the session's search_path: a run re-plans inside its transaction
-- (search_path '') and must print them as the plan shown did.
SELECT format('%I.%I', n.nspname, t.relname) AS table, n.nspname::text AS schema,
       (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS columns
  FROM pg_constraint c
  JOIN pg_class t ON t.oid = c.conrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
 WHERE c.contype = 'f' AND c.confrelid = to_regclass('auth.users')
   AND n.nspname <> 'auth' AND n.nspname !~ '^cutover_'
 ORDER BY 1

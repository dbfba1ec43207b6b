-- Foreign keys into auth.users from the app's tables (not auth's own, not the cutover's schemas).
-- The table is printed schema-qualified whatever the search_path: a plan read before the swap's
-- transaction (default path) and re-read inside it (empty path) must give the same SQL.
SELECT format('%I.%I', n.nspname, t.relname) AS table, n.nspname::text AS schema,
       (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS columns
  FROM pg_constraint c
  JOIN pg_class t ON t.oid = c.conrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
 WHERE c.contype = 'f' AND c.confrelid = to_regclass('auth.users')
   AND n.nspname <> 'auth' AND n.nspname !~ '^cutover_'
 ORDER BY 1

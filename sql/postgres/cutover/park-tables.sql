-- $1 a park schema: its tables (what dropping the backups drops) and whether anything outside it
-- still depends on them (then the drop, which never cascades, would fail).
SELECT c.oid::regclass::text AS name, c.relkind::text AS kind, c.reltuples::float8 AS estimated_rows
  FROM pg_class c
 WHERE c.relnamespace = to_regnamespace($1) AND c.relkind IN ('r', 'p', 'm', 'v')
 ORDER BY 1

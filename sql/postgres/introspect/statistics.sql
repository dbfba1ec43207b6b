-- $1 table oids. Extended statistics objects (CREATE STATISTICS).
SELECT s.stxrelid::int8 AS table_oid, quote_ident(n.nspname) || '.' || quote_ident(s.stxname) AS name, pg_get_statisticsobjdef(s.oid) AS definition,
       pg_get_statisticsobjdef_columns(s.oid) AS columns,
       array_to_string(s.stxkind, ',') AS kinds
  FROM pg_statistic_ext s JOIN pg_namespace n ON n.oid = s.stxnamespace
 WHERE s.stxrelid = ANY ($1::int8[]::oid[])
 ORDER BY s.stxrelid, s.stxname

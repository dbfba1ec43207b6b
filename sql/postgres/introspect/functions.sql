-- $1 table oids, $2 their names. Functions bound to a table: BEGIN ATOMIC bodies (pg_depend on the
-- table), functions using its row type (pg_depend on its type), and plpgsql or string-bodied SQL
-- functions whose source mentions its name (resolved at run time, so they follow the name).
WITH t AS (
  SELECT c.oid, c.reltype, w.name FROM unnest($1::int8[], $2::text[]) AS w(oid, name) JOIN pg_class c ON c.oid = w.oid::oid
), found AS (
  SELECT DISTINCT t.oid AS table_oid, d.objid AS proc_oid, 'atomic' AS binding
    FROM t JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.refclassid = 'pg_class'::regclass AND d.refobjid = t.oid
  UNION
  SELECT DISTINCT t.oid, d.objid, 'row type'
    FROM t JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.refclassid = 'pg_type'::regclass AND d.refobjid = t.reltype
  UNION
  SELECT t.oid, p.oid, 'name in body'
    FROM t JOIN pg_proc p ON p.prosqlbody IS NULL AND p.prolang IN (SELECT oid FROM pg_language WHERE lanname IN ('plpgsql', 'sql'))
   WHERE p.prosrc ~* ('\m' || regexp_replace(t.name, '([.^$*+?()\[\]{}|\\])', '\\\1', 'g') || '\M')
     AND p.pronamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
)
SELECT f.table_oid::int8 AS table_oid,
       p.oid::regprocedure::text AS signature,
       -- Bound by OID matters most: a function found several ways is reported by the strongest.
       (array_agg(f.binding ORDER BY CASE f.binding WHEN 'atomic' THEN 1 WHEN 'row type' THEN 2 ELSE 3 END))[1] AS binding,
       l.lanname::text AS language,
       pg_get_userbyid(p.proowner)::text AS owner,
       p.prosecdef AS security_definer,
       p.proacl::text[] AS acl,
       pg_get_functiondef(p.oid) AS definition
  FROM found f
  JOIN pg_proc p ON p.oid = f.proc_oid
  JOIN pg_language l ON l.oid = p.prolang
 WHERE NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype = 'e')
 GROUP BY f.table_oid, p.oid, l.lanname
 ORDER BY f.table_oid, p.oid::regprocedure::text

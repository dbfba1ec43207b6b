-- $1 table oids. Views and materialized views that read the tables, directly or through other
-- views (bound by OID through their rewrite rules), with what a rebuild needs.
WITH RECURSIVE deps(view_oid, ref_oid, table_oid, depth) AS (
  SELECT DISTINCT r.ev_class, d.refobjid, d.refobjid, 1
    FROM pg_depend d JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
   WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = ANY ($1::int8[]::oid[]) AND r.ev_class <> d.refobjid
  UNION
  SELECT DISTINCT r.ev_class, d.refobjid, deps.table_oid, deps.depth + 1
    FROM deps
    JOIN pg_depend d ON d.refclassid = 'pg_class'::regclass AND d.refobjid = deps.view_oid
    JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
   WHERE r.ev_class <> deps.view_oid AND deps.depth < 20
)
SELECT deps.table_oid::int8 AS table_oid,
       v.oid::regclass::text AS name,
       CASE v.relkind WHEN 'm' THEN 'materialized view' ELSE 'view' END AS kind,
       min(deps.depth)::int AS depth,
       pg_get_userbyid(v.relowner)::text AS owner,
       pg_get_viewdef(v.oid, true) AS definition,
       v.relacl::text[] AS acl,
       v.reloptions::text[] AS reloptions,
       obj_description(v.oid, 'pg_class') AS comment,
       coalesce((SELECT array_agg(pg_get_indexdef(i.indexrelid) ORDER BY i.indexrelid::regclass::text) FROM pg_index i WHERE i.indrelid = v.oid), '{}') AS indexes
  FROM deps JOIN pg_class v ON v.oid = deps.view_oid
 GROUP BY deps.table_oid, v.oid
 ORDER BY deps.table_oid, min(deps.depth), v.oid::regclass::text

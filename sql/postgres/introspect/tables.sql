-- $1 schemas, $2 names (parallel arrays): each requested table, or a row with oid NULL if absent.
-- Also what makes a table unswappable: partitioning, inheritance, typed tables, extension ownership.
SELECT w.schema, w.name, w.ord::int AS ord,
       c.oid::int8 AS oid,
       c.relkind::text AS relkind,
       c.relpersistence::text AS persistence,
       pg_get_userbyid(c.relowner)::text AS owner,
       obj_description(c.oid, 'pg_class') AS comment,
       c.relacl::text[] AS acl,
       c.relrowsecurity AS rls_enabled,
       c.relforcerowsecurity AS rls_forced,
       c.relreplident::text AS replica_identity,
       (SELECT i.indexrelid::regclass::text FROM pg_index i WHERE i.indrelid = c.oid AND i.indisreplident) AS replica_identity_index,
       c.reloptions::text[] AS reloptions,
       c.relispartition AS is_partition,
       EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid) AS has_parent,
       EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhparent = c.oid) AS has_children,
       (SELECT e.extname::text FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
         WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e') AS extension,
       CASE WHEN c.reloftype <> 0 THEN format_type(c.reloftype, NULL) END AS of_type
  FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS w(schema, name, ord)
  LEFT JOIN pg_namespace n ON n.nspname = w.schema
  LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = w.name AND c.relkind IN ('r', 'p', 'f', 'v', 'm')
 ORDER BY w.ord

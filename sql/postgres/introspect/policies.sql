-- $1 table oids. Policies on the tables, and policies of other tables whose expressions read one
-- of them (bound by OID, so a rename swap leaves them on the old table). table_oid is the swapped
-- table concerned; owner_table the table the policy belongs to.
WITH found AS (
  SELECT p.oid, p.polrelid AS table_oid FROM pg_policy p WHERE p.polrelid = ANY ($1::int8[]::oid[])
  UNION
  SELECT p.oid, d.refobjid AS table_oid
    FROM pg_depend d JOIN pg_policy p ON p.oid = d.objid
   WHERE d.classid = 'pg_policy'::regclass AND d.refclassid = 'pg_class'::regclass
     AND d.refobjid = ANY ($1::int8[]::oid[]) AND p.polrelid <> d.refobjid
)
SELECT f.table_oid::int8 AS table_oid,
       p.polrelid = f.table_oid AS own,
       p.polrelid::regclass::text AS owner_table,
       p.polname::text AS name,
       CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END AS command,
       p.polpermissive AS permissive,
       (SELECT array_agg(CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r)::text END ORDER BY 1) FROM unnest(p.polroles) AS r) AS roles,
       pg_get_expr(p.polqual, p.polrelid) AS using,
       pg_get_expr(p.polwithcheck, p.polrelid) AS with_check,
       coalesce((SELECT array_agg(DISTINCT d.refobjid::regclass::text ORDER BY d.refobjid::regclass::text) FROM pg_depend d
                  WHERE d.classid = 'pg_policy'::regclass AND d.objid = p.oid AND d.refclassid = 'pg_class'::regclass
                    AND d.refobjid <> p.polrelid), '{}') AS reads_tables
  FROM found f JOIN pg_policy p ON p.oid = f.oid
 ORDER BY f.table_oid, p.polrelid <> f.table_oid, p.polname

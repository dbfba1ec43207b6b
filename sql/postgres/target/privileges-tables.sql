-- $1 schemas, $2 table names (parallel arrays). Renaming, altering and re-granting a table needs
-- its ownership, which a role has when it is (or inherits) the owner role.
SELECT w.schema, w.name,
       c.oid IS NOT NULL AS exists,
       pg_get_userbyid(c.relowner)::text AS owner,
       coalesce(pg_has_role(current_user, c.relowner, 'USAGE'), false) AS owned
  FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS w(schema, name, ord)
  LEFT JOIN pg_namespace n ON n.nspname = w.schema
  LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = w.name AND c.relkind IN ('r', 'p')
 ORDER BY w.ord

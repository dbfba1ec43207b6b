-- The auth.users merge reads and writes both tables; staged FKs to auth.users need REFERENCES.
SELECT t.table,
       c.oid IS NOT NULL AS exists,
       coalesce(has_table_privilege(c.oid, 'SELECT'), false) AS select,
       coalesce(has_table_privilege(c.oid, 'INSERT'), false) AS insert,
       coalesce(has_table_privilege(c.oid, 'UPDATE'), false) AS update,
       coalesce(has_table_privilege(c.oid, 'DELETE'), false) AS delete,
       coalesce(has_table_privilege(c.oid, 'REFERENCES'), false) AS references
  FROM (VALUES ('auth.users', 'users', 1), ('auth.identities', 'identities', 2)) AS t("table", name, ord)
  LEFT JOIN pg_class c ON c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = 'auth') AND c.relname = t.name
 ORDER BY t.ord

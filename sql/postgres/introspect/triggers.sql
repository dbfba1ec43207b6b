-- $1 table oids. User triggers (not the internal ones behind foreign keys), with enabled state
-- (O origin, D disabled, R replica, A always) and the parts that do not name them.
SELECT t.tgrelid::int8 AS table_oid,
       t.tgname::text AS name,
       pg_get_triggerdef(t.oid) AS definition,
       t.tgenabled::text AS enabled,
       t.tgtype::int AS type_bits,
       coalesce((SELECT array_agg(a.attname::text ORDER BY a.attnum) FROM pg_attribute a
                  WHERE a.attrelid = t.tgrelid AND a.attnum = ANY (t.tgattr)), '{}') AS update_columns,
       substring(pg_get_triggerdef(t.oid) FROM ' WHEN \((.*)\) EXECUTE (?:FUNCTION|PROCEDURE) ') AS when,
       t.tgfoid::regprocedure::text AS function,
       t.tgconstraint <> 0 AS constraint_trigger,
       obj_description(t.oid, 'pg_trigger') AS comment
  FROM pg_trigger t
 WHERE t.tgrelid = ANY ($1::int8[]::oid[]) AND NOT t.tgisinternal
 ORDER BY t.tgrelid, t.tgname

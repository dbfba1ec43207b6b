-- $1 table oids. Each index with its full definition, and its shape: the definition after
-- "CREATE [UNIQUE] INDEX name ON schema.table ", which names neither (method, keys with their
-- operator classes and order, INCLUDE, WHERE).
WITH d AS (
  SELECT i.indexrelid,
         pg_get_indexdef(i.indexrelid) AS definition,
         'CREATE ' || CASE WHEN i.indisunique THEN 'UNIQUE ' ELSE '' END || 'INDEX ' || quote_ident(ic.relname) || ' ON '
           || CASE WHEN tc.relkind = 'p' THEN 'ONLY ' ELSE '' END || quote_ident(tn.nspname) || '.' || quote_ident(tc.relname) || ' ' AS prefix
    FROM pg_index i
    JOIN pg_class ic ON ic.oid = i.indexrelid
    JOIN pg_class tc ON tc.oid = i.indrelid
    JOIN pg_namespace tn ON tn.oid = tc.relnamespace
   WHERE i.indrelid = ANY ($1::int8[]::oid[])
)
SELECT i.indrelid::int8 AS table_oid,
       ic.relname::text AS name,
       d.definition,
       CASE WHEN starts_with(d.definition, d.prefix) THEN substr(d.definition, length(d.prefix) + 1) ELSE d.definition END AS shape,
       am.amname::text AS method,
       i.indisunique AS unique,
       i.indisprimary AS primary,
       i.indnullsnotdistinct AS nulls_not_distinct,
       i.indisvalid AS valid,
       (SELECT array_agg(pg_get_indexdef(i.indexrelid, k, true) ORDER BY k) FROM generate_series(1, i.indnkeyatts) AS k) AS keys,
       coalesce((SELECT array_agg(pg_get_indexdef(i.indexrelid, k, true) ORDER BY k) FROM generate_series(i.indnkeyatts + 1, i.indnatts) AS k), '{}') AS include,
       pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
       ic.reloptions::text[] AS reloptions,
       (SELECT c.conname::text FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x')) AS constraint,
       obj_description(i.indexrelid, 'pg_class') AS comment
  FROM pg_index i
  JOIN d ON d.indexrelid = i.indexrelid
  JOIN pg_class ic ON ic.oid = i.indexrelid
  JOIN pg_am am ON am.oid = ic.relam
 ORDER BY i.indrelid, ic.relname

-- $1 table oids. Foreign keys of other tables (outside the given set) that reference these.
SELECT c.confrelid::int8 AS table_oid,
       c.conrelid::regclass::text AS from_table,
       c.conname::text AS name,
       pg_get_constraintdef(c.oid) AS definition,
       (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS columns,
       (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum) AS referenced_columns,
       c.confdeltype::text AS on_delete,
       c.confupdtype::text AS on_update,
       c.condeferrable AS deferrable,
       c.condeferred AS deferred,
       c.convalidated AS validated
  FROM pg_constraint c
 WHERE c.contype = 'f' AND c.confrelid = ANY ($1::int8[]::oid[]) AND NOT (c.conrelid = ANY ($1::int8[]::oid[]))
 ORDER BY c.confrelid, c.conrelid::regclass::text, c.conname

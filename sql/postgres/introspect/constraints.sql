-- $1 table oids. Every constraint, PG 18's NOT NULL constraints (contype 'n') included. For foreign
-- keys, the referenced table and the actions, spelled out.
SELECT c.conrelid::int8 AS table_oid,
       c.conname::text AS name,
       c.contype::text AS type,
       pg_get_constraintdef(c.oid) AS definition,
       coalesce((SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum), '{}') AS columns,
       c.condeferrable AS deferrable,
       c.condeferred AS deferred,
       c.convalidated AS validated,
       c.connoinherit AS no_inherit,
       CASE WHEN c.contype = 'f' THEN c.confrelid::regclass::text END AS referenced_table,
       CASE WHEN c.contype = 'f' THEN (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum) END AS referenced_columns,
       CASE WHEN c.contype = 'f' THEN c.confdeltype::text END AS on_delete,
       CASE WHEN c.contype = 'f' THEN c.confupdtype::text END AS on_update,
       CASE WHEN c.contype = 'f' THEN c.confmatchtype::text END AS match,
       CASE WHEN c.conindid <> 0 THEN c.conindid::regclass::text END AS index,
       obj_description(c.oid, 'pg_constraint') AS comment
  FROM pg_constraint c
 WHERE c.conrelid = ANY ($1::int8[]::oid[])
 ORDER BY c.conrelid, c.contype, c.conname

-- $1 table oids. Columns in order; dropped ones are skipped. attstattarget is NULL for "default"
-- on every version (PG 17 made it nullable; before, -1 meant default).
SELECT a.attrelid::int8 AS table_oid,
       a.attname::text AS name,
       format_type(a.atttypid, a.atttypmod) AS type,
       a.attnotnull AS not_null,
       pg_get_expr(ad.adbin, ad.adrelid) AS expression,
       a.attidentity::text AS identity,
       a.attgenerated::text AS generated,
       CASE WHEN a.attcollation <> t.typcollation THEN co.collname::text END AS collation,
       nullif(a.attstattarget, -1)::int AS statistics_target,
       CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text END AS storage,
       col_description(a.attrelid, a.attnum) AS comment,
       a.attacl::text[] AS acl,
       pg_get_serial_sequence(a.attrelid::regclass::text, a.attname) AS owned_sequence,
       CASE WHEN t.typtype = 'e' THEN a.atttypid
            WHEN et.typtype = 'e' THEN et.oid END::int8 AS enum_oid
  FROM pg_attribute a
  JOIN pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
  LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  LEFT JOIN pg_collation co ON co.oid = a.attcollation
 WHERE a.attrelid = ANY ($1::int8[]::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
 ORDER BY a.attrelid, a.attnum

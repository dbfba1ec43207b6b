-- $1 a relation (text, may not exist): its columns, whether generated, and their types.
SELECT a.attname::text AS name, a.attgenerated <> '' AS generated, format_type(a.atttypid, a.atttypmod) AS type
  FROM pg_attribute a
 WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
 ORDER BY a.attnum

-- $1 table oids. Sequences owned by a column of the table: serial ('a' dependency) or identity ('i').
SELECT d.refobjid::int8 AS table_oid,
       s.oid::regclass::text AS name,
       a.attname::text AS column,
       CASE d.deptype WHEN 'i' THEN 'identity' ELSE 'serial' END AS kind,
       format_type(q.seqtypid, NULL) AS data_type,
       q.seqstart::text AS start,
       q.seqincrement::text AS increment,
       q.seqmin::text AS min,
       q.seqmax::text AS max,
       q.seqcache::text AS cache,
       q.seqcycle AS cycle,
       pg_get_userbyid(s.relowner)::text AS owner,
       s.relacl::text[] AS acl
  FROM pg_depend d
  JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
  JOIN pg_sequence q ON q.seqrelid = s.oid
  JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
 WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
   AND d.deptype IN ('a', 'i') AND d.refobjid = ANY ($1::int8[]::oid[])
 ORDER BY d.refobjid, a.attnum

-- $1 table oids. Publications holding each table (with PG 15's column lists and row filters), and
-- FOR ALL TABLES publications, which hold every table.
SELECT r.prrelid::int8 AS table_oid, p.pubname::text AS name, false AS all_tables,
       pg_get_expr(r.prqual, r.prrelid) AS row_filter,
       (SELECT array_agg(a.attname::text ORDER BY a.attnum) FROM pg_attribute a WHERE a.attrelid = r.prrelid AND a.attnum = ANY (r.prattrs)) AS columns
  FROM pg_publication_rel r JOIN pg_publication p ON p.oid = r.prpubid
 WHERE r.prrelid = ANY ($1::int8[]::oid[])
UNION ALL
SELECT t::int8, p.pubname::text, true, NULL, NULL
  FROM pg_publication p, unnest($1::int8[]) AS t
 WHERE p.puballtables
 ORDER BY 1, 2

-- $1 enum type oids: their labels in order.
SELECT t.oid::int8 AS oid, t.oid::regtype::text AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
  FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
 WHERE t.oid = ANY ($1::int8[]::oid[])
 GROUP BY t.oid
 ORDER BY 2

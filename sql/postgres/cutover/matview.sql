-- $1 a materialized view. Its definition as printed under the session's search_path (the caller
-- narrows it to the swapped tables' schemas, so their names print unqualified), the relations it
-- reads, and what depends on it (views over it).
SELECT pg_get_viewdef(v.oid, true) AS definition,
       coalesce((SELECT array_agg(DISTINCT d.refobjid::regclass::text ORDER BY d.refobjid::regclass::text)
                   FROM pg_depend d JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                  WHERE r.ev_class = v.oid AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> v.oid), '{}') AS reads,
       coalesce((SELECT array_agg(DISTINCT CASE WHEN d.classid = 'pg_rewrite'::regclass
                                                THEN (SELECT 'view ' || r.ev_class::regclass::text FROM pg_rewrite r WHERE r.oid = d.objid)
                                                ELSE pg_describe_object(d.classid, d.objid, d.objsubid) END)
                   FROM pg_depend d
                  WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = v.oid AND d.deptype = 'n'
                    AND NOT (d.classid = 'pg_rewrite'::regclass AND d.objid IN (SELECT oid FROM pg_rewrite WHERE ev_class = v.oid))), '{}') AS dependents
  FROM pg_class v
 WHERE v.oid = $1::regclass

-- $1 a function signature (regprocedure text): the objects that depend on it.
SELECT coalesce(array_agg(pg_describe_object(d.classid, d.objid, d.objsubid) ORDER BY 1), '{}') AS dependents
  FROM pg_depend d
 WHERE d.refclassid = 'pg_proc'::regclass AND d.refobjid = $1::regprocedure AND d.deptype = 'n'

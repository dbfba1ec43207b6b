-- $1 the park schema. Objects outside it still bound (by OID) to a table parked there or to its
-- row type: foreign keys of other tables, views, policies of other tables, functions. After a
-- swap there must be none; the parked tables' own indexes, constraints, policies, triggers,
-- rules, statistics, defaults and types do not count.
WITH park AS (SELECT c.oid, c.reltype FROM pg_class c WHERE c.relnamespace = $1::regnamespace),
bound AS (
  SELECT d.* FROM pg_depend d
   WHERE d.deptype = 'n'
     AND ((d.refclassid = 'pg_class'::regclass AND d.refobjid IN (SELECT oid FROM park))
       OR (d.refclassid = 'pg_type'::regclass AND d.refobjid IN (SELECT reltype FROM park)))
)
SELECT pg_describe_object(b.classid, b.objid, b.objsubid) || ' is still bound to ' || pg_describe_object(b.refclassid, b.refobjid, 0) AS problem
  FROM bound b
 WHERE NOT (b.classid = 'pg_class'::regclass AND b.objid IN (SELECT oid FROM park))
   AND NOT (b.classid = 'pg_type'::regclass AND b.objid IN (SELECT t.oid FROM pg_type t WHERE t.typnamespace = $1::regnamespace))
   AND NOT (b.classid = 'pg_constraint'::regclass AND b.objid IN (SELECT oid FROM pg_constraint WHERE conrelid IN (SELECT oid FROM park)))
   AND NOT (b.classid = 'pg_policy'::regclass AND b.objid IN (SELECT oid FROM pg_policy WHERE polrelid IN (SELECT oid FROM park)))
   AND NOT (b.classid = 'pg_trigger'::regclass AND b.objid IN (SELECT oid FROM pg_trigger WHERE tgrelid IN (SELECT oid FROM park)))
   AND NOT (b.classid = 'pg_rewrite'::regclass AND b.objid IN (SELECT oid FROM pg_rewrite WHERE ev_class IN (SELECT oid FROM park)))
   AND NOT (b.classid = 'pg_statistic_ext'::regclass AND b.objid IN (SELECT oid FROM pg_statistic_ext WHERE stxrelid IN (SELECT oid FROM park)))
   AND NOT (b.classid = 'pg_attrdef'::regclass AND b.objid IN (SELECT oid FROM pg_attrdef WHERE adrelid IN (SELECT oid FROM park)))
 LIMIT 20

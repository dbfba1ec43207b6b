-- $1 table oids. Rewrite rules other than a view's own _RETURN.
SELECT r.ev_class::int8 AS table_oid, r.rulename::text AS name, pg_get_ruledef(r.oid) AS definition, r.ev_enabled::text AS enabled
  FROM pg_rewrite r
 WHERE r.ev_class = ANY ($1::int8[]::oid[]) AND r.rulename <> '_RETURN'
 ORDER BY r.ev_class, r.rulename

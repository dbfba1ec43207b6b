-- $1 a history id: what that swap did to auth.users, by kind of change, with the users a rollback kept.
SELECT change, count(*)::int AS n,
       coalesce(jsonb_agg(jsonb_build_object('id', user_id, 'email', after ->> 'email', 'lastSignInAt', after ->> 'last_sign_in_at') ORDER BY user_id) FILTER (WHERE change = 'kept'), '[]') AS kept
  FROM cutover_admin.auth_changes
 WHERE history_id = $1
 GROUP BY change
 ORDER BY change

-- New auth users as GoTrue needs them: every string it scans non-NULL, the zero instance_id,
-- aud and role 'authenticated', a lower-case e-mail not already in auth.users, and exactly one
-- email identity.
WITH taken AS (
  SELECT DISTINCT lower(a.email) AS email_key FROM auth.users a WHERE NOT a.is_sso_user AND a.email IS NOT NULL
), identities AS (
  SELECT i.user_id, count(*) AS n FROM cutover_staging.auth_identities i WHERE i.provider = 'email' GROUP BY i.user_id
)
SELECT count(*) OVER () AS _failed, f.*
  FROM (
    SELECT u.id::text AS id, u.email,
           concat_ws(', ',
             CASE WHEN num_nulls(u.aud, u.role, u.confirmation_token, u.recovery_token, u.email_change_token_new, u.email_change,
                                 u.email_change_token_current, u.phone_change, u.phone_change_token, u.reauthentication_token,
                                 u.email_change_confirm_status, u.created_at, u.updated_at) > 0 THEN 'a NULL GoTrue reads as a string' END,
             CASE WHEN u.instance_id IS DISTINCT FROM '00000000-0000-0000-0000-000000000000'::uuid THEN 'instance_id is not the zero uuid' END,
             CASE WHEN u.aud IS DISTINCT FROM 'authenticated' OR u.role IS DISTINCT FROM 'authenticated' THEN 'aud/role not authenticated' END,
             CASE WHEN u.email IS DISTINCT FROM lower(u.email) THEN 'e-mail not lower-case' END,
             CASE WHEN t.email_key IS NOT NULL THEN 'the e-mail is already in auth.users' END,
             CASE WHEN coalesce(i.n, 0) <> 1 THEN 'not exactly one email identity' END
           ) AS problem
      FROM cutover_staging.auth_users u
      LEFT JOIN taken t ON t.email_key = lower(u.email)
      LEFT JOIN identities i ON i.user_id = u.id
  ) f
 WHERE f.problem <> ''
 ORDER BY f.email
 LIMIT 50

-- The plan's users against production's auth users, by lower(email) among non-SSO users (as
-- GoTrue's unique index). An existing user keeps its id everywhere the plan refers to it. Where
-- production holds several users with one lower(email) (case conflicts, ghosts of the first
-- migration), the one with a profile wins, then the one GoTrue can find (zero instance_id), then
-- the oldest. Runs on the push's load tables (pg_temp.load_*), production locked for writes.
CREATE TEMP TABLE user_map ON COMMIT DROP AS
WITH ranked AS (
  SELECT DISTINCT ON (lower(u.email)) lower(u.email) AS email_key, u.id,
         count(*) OVER (PARTITION BY lower(u.email)) AS same_email,
         array_agg(u.email::text) OVER (PARTITION BY lower(u.email)) AS spellings
    FROM auth.users u
   WHERE NOT u.is_sso_user AND u.email IS NOT NULL
   ORDER BY lower(u.email),
            (EXISTS (SELECT 1 FROM public.unified_profiles p WHERE p.id = u.id)) DESC,
            (u.instance_id IS NOT DISTINCT FROM '00000000-0000-0000-0000-000000000000'::uuid) DESC,
            u.created_at NULLS LAST, u.id
)
SELECT l.plan_key, lower(l.email) AS email_key, coalesce(r.id, l.id::uuid) AS user_id, r.id IS NOT NULL AS existing,
       coalesce(r.same_email, 0) AS same_email, r.spellings
  FROM pg_temp.load_auth_users l
  LEFT JOIN ranked r ON r.email_key = lower(l.email);
CREATE INDEX ON pg_temp.user_map (plan_key);
ANALYZE pg_temp.user_map;

UPDATE pg_temp.load_auth_users l SET id = m.user_id::text FROM pg_temp.user_map m WHERE m.plan_key = l.plan_key AND m.existing;
UPDATE pg_temp.load_unified_profiles l SET id = m.user_id::text FROM pg_temp.user_map m WHERE m.plan_key = l.id AND m.existing;
UPDATE pg_temp.load_transactions l SET user_id = m.user_id::text FROM pg_temp.user_map m WHERE m.plan_key = l.user_id AND m.existing;
UPDATE pg_temp.load_enrollments l SET user_id = m.user_id::text FROM pg_temp.user_map m WHERE m.plan_key = l.user_id AND m.existing;

-- The auth users the plan adds, prepared beside auth.users (Supabase allows no new tables in
-- auth), with the email identity GoTrue's admin API would write. Every string column GoTrue scans
-- is '' (a NULL there fails every login: research/supabase.md §2); e-mail lower-case; confirmed,
-- so a magic link or password reset works; passwordless until the user sets one.
CREATE TABLE cutover_staging.auth_users (LIKE auth.users INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING CONSTRAINTS);
CREATE TABLE cutover_staging.auth_identities (LIKE auth.identities INCLUDING DEFAULTS INCLUDING GENERATED);

INSERT INTO cutover_staging.auth_users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  confirmation_token, recovery_token, email_change_token_new, email_change, email_change_token_current,
  phone_change, phone_change_token, reauthentication_token, email_change_confirm_status,
  raw_app_meta_data, raw_user_meta_data, is_super_admin, created_at, updated_at, is_sso_user, is_anonymous)
SELECT '00000000-0000-0000-0000-000000000000'::uuid, l.id::uuid, 'authenticated', 'authenticated', lower(l.email), NULL, l.created_at::timestamptz,
       '', '', '', '', '',
       '', '', '', 0,
       '{"provider": "email", "providers": ["email"]}'::jsonb,
       jsonb_strip_nulls(jsonb_build_object('first_name', l.first_name, 'last_name', l.last_name)),
       false, l.created_at::timestamptz, l.created_at::timestamptz, false, false
  FROM pg_temp.load_auth_users l
  JOIN pg_temp.user_map m ON m.plan_key = l.plan_key
 WHERE NOT m.existing;

INSERT INTO cutover_staging.auth_identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
SELECT u.id::text, u.id,
       jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true, 'phone_verified', false),
       'email', u.created_at, u.created_at
  FROM cutover_staging.auth_users u;

ALTER TABLE cutover_staging.auth_users ADD PRIMARY KEY (id);
ALTER TABLE cutover_staging.auth_identities ADD PRIMARY KEY (id);
ALTER TABLE cutover_staging.auth_identities ADD UNIQUE (provider_id, provider);

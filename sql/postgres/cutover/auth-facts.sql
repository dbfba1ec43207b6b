-- What the auth merge will find: users GoTrue could not read (NULL in a column it scans as a
-- string), findable users without an identity, users it can never find (no instance).
SELECT count(*) FILTER (WHERE aud IS NULL OR role IS NULL OR confirmation_token IS NULL OR recovery_token IS NULL
                            OR email_change_token_new IS NULL OR email_change IS NULL OR email_change_token_current IS NULL
                            OR phone_change IS NULL OR phone_change_token IS NULL OR reauthentication_token IS NULL
                            OR email_change_confirm_status IS NULL OR created_at IS NULL OR updated_at IS NULL)::int AS to_heal,
       count(*) FILTER (WHERE instance_id = '00000000-0000-0000-0000-000000000000' AND email IS NOT NULL
                          AND NOT EXISTS (SELECT 1 FROM auth.identities i WHERE i.user_id = u.id))::int AS without_identity,
       count(*) FILTER (WHERE instance_id IS NULL)::int AS unfindable
  FROM auth.users u

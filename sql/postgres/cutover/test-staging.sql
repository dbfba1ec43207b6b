-- TEST FIXTURE: a staging push of the demo production as
-- target/staging-layout.ts describes it, made the way a push would: run as the app's role
-- (postgres), every swapped table cloned into cutover_staging with LIKE … INCLUDING ALL (so its
-- index names, identity sequence and ACL differ from production's, as a real clone's would),
-- loaded with production's rows, then changed as a migration would change it (status values
-- normalised, test accounts dropped, new users with a profile, a payment and an enrollment each),
-- FKs among the staged tables and NOT VALID ones to the rest, the staged auth users, a manifest,
-- and the capture trigger on production (its table and function are the push's capture.sql, which
-- pushTestStaging runs first). Settings read: cutover.test_new_users (default 5),
-- cutover.test_changes ('off': staging is an exact copy, no new users).
SET ROLE postgres;
SET search_path = '';
CREATE SCHEMA cutover_staging;

DO $fixture$
DECLARE
  t text;
  cols text;
  fk record;
  changes boolean := current_setting('cutover.test_changes', true) IS DISTINCT FROM 'off';
  new_users int := CASE WHEN changes THEN coalesce(nullif(current_setting('cutover.test_new_users', true), ''), '5')::int ELSE 0 END;
  swapped text[] := ARRAY['unified_profiles', 'transactions', 'enrollments', 'affiliates'];
BEGIN
  FOREACH t IN ARRAY swapped LOOP
    EXECUTE format('CREATE TABLE cutover_staging.%I (LIKE public.%I INCLUDING ALL)', t, t);
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO cols
      FROM pg_attribute WHERE attrelid = format('public.%I', t)::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '';
    EXECUTE format('INSERT INTO cutover_staging.%I (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM public.%I', t, cols, cols, t);
  END LOOP;
  PERFORM setval(pg_get_serial_sequence('cutover_staging.unified_profiles', 'member_number'), (SELECT max(member_number) FROM cutover_staging.unified_profiles));
  -- Foreign keys among the staged tables as production has them; those to everything else come
  -- NOT VALID after the load (new users are only staged: a valid key would refuse their rows).
  FOR fk IN
    SELECT c.conname, c.confrelid::regclass::text AS target, pg_get_constraintdef(c.oid) AS def, (SELECT relname FROM pg_class WHERE oid = c.conrelid) AS t
      FROM pg_constraint c
     WHERE c.contype = 'f' AND c.conrelid IN (SELECT format('public.%I', x)::regclass FROM unnest(swapped) AS x)
       AND c.confrelid IN (SELECT format('public.%I', x)::regclass FROM unnest(swapped) AS x)
  LOOP
    EXECUTE format('ALTER TABLE cutover_staging.%I ADD CONSTRAINT %I %s', fk.t, fk.conname, replace(fk.def, 'REFERENCES public.', 'REFERENCES cutover_staging.'));
  END LOOP;

  -- What the migration changes.
  IF changes THEN
    UPDATE cutover_staging.transactions SET status = 'completed' WHERE status IN ('paid', 'success', 'SUCCEEDED');
    DELETE FROM cutover_staging.unified_profiles WHERE account_type = 'test';
  END IF;

  CREATE TABLE cutover_staging.auth_users (LIKE auth.users INCLUDING DEFAULTS);
  ALTER TABLE cutover_staging.auth_users DROP COLUMN confirmed_at;
  CREATE TABLE cutover_staging.auth_identities (LIKE auth.identities INCLUDING DEFAULTS);
  ALTER TABLE cutover_staging.auth_identities DROP COLUMN email;
  INSERT INTO cutover_staging.auth_users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, confirmation_token, recovery_token,
                                          email_change_token_new, email_change, raw_app_meta_data, raw_user_meta_data, is_super_admin, created_at, updated_at)
  SELECT '00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated', format('late-signup-%s@example.org', n),
         extensions.crypt('correct horse ' || n, extensions.gen_salt('bf')), now(), '', '', '', '',
         '{"provider": "email", "providers": ["email"]}', jsonb_build_object('first_name', 'Late', 'last_name', 'Signup ' || n), false, now(), now()
    FROM generate_series(1, new_users) AS n;
  INSERT INTO cutover_staging.auth_identities (provider_id, user_id, identity_data, provider, created_at, updated_at, id)
  SELECT u.id::text, u.id, jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true, 'phone_verified', false), 'email', now(), now(), gen_random_uuid()
    FROM cutover_staging.auth_users u;
  INSERT INTO cutover_staging.unified_profiles (id, email, first_name, last_name, tags, acquisition_source, is_student)
  SELECT u.id, u.email, 'Late', 'Signup', '{PaidP2P}', 'xendit', true FROM cutover_staging.auth_users u;
  INSERT INTO cutover_staging.transactions (user_id, external_id, amount, status, transaction_type, contact_email, description, paid_at)
  SELECT u.id, 'late-' || u.id, 1300, 'completed', 'P2P', u.email, 'Papers to Profits Course - Full Payment', now() FROM cutover_staging.auth_users u;
  INSERT INTO cutover_staging.enrollments (user_id, course_id, transaction_id, status)
  SELECT t.user_id, (SELECT id FROM public.courses WHERE slug = 'papers-to-profits'), t.id, 'active'
    FROM cutover_staging.transactions t JOIN cutover_staging.auth_users u ON u.id = t.user_id;

  CREATE TABLE cutover_staging.push_manifest (plan_sha256 text, pushed_at timestamptz NOT NULL, tables jsonb NOT NULL, owned_columns jsonb NOT NULL);
  INSERT INTO cutover_staging.push_manifest
  SELECT 'test-fixture', now(),
         jsonb_build_object(
           'public.unified_profiles', jsonb_build_object('rows', (SELECT count(*) FROM cutover_staging.unified_profiles)),
           'public.transactions', jsonb_build_object('rows', (SELECT count(*) FROM cutover_staging.transactions),
                                                     'sums', jsonb_build_object('amount', (SELECT coalesce(sum(amount), 0)::text FROM cutover_staging.transactions))),
           'public.enrollments', jsonb_build_object('rows', (SELECT count(*) FROM cutover_staging.enrollments)),
           'public.affiliates', jsonb_build_object('rows', (SELECT count(*) FROM cutover_staging.affiliates))),
         '{"public.unified_profiles": ["email", "first_name", "last_name", "phone", "tags", "acquisition_source"],
           "public.transactions": ["user_id", "external_id", "amount", "currency", "status", "transaction_type", "contact_email", "description", "paid_at", "settled_at", "expires_at"],
           "public.enrollments": ["user_id", "course_id", "transaction_id", "status", "enrolled_at"],
           "public.affiliates": []}';

  SET CONSTRAINTS ALL IMMEDIATE;
  FOR fk IN
    SELECT c.conname, pg_get_constraintdef(c.oid) AS def, (SELECT relname FROM pg_class WHERE oid = c.conrelid) AS t
      FROM pg_constraint c
     WHERE c.contype = 'f' AND c.conrelid IN (SELECT format('public.%I', x)::regclass FROM unnest(swapped) AS x)
       AND c.confrelid NOT IN (SELECT format('public.%I', x)::regclass FROM unnest(swapped) AS x)
  LOOP
    EXECUTE format('ALTER TABLE cutover_staging.%I ADD CONSTRAINT %I %s NOT VALID', fk.t, fk.conname, fk.def);
  END LOOP;

  FOREACH t IN ARRAY swapped LOOP
    -- The push's own capture function (sql/postgres/push/capture.sql), given the primary key.
    EXECUTE format('CREATE TRIGGER cutover_capture AFTER INSERT OR UPDATE OR DELETE ON public.%I FOR EACH ROW EXECUTE FUNCTION cutover_capture.record_change(%s)', t,
      (SELECT string_agg(quote_literal(a.attname), ', ' ORDER BY k.ord)
         FROM pg_index i, unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord), pg_attribute a
        WHERE i.indrelid = format('public.%I', t)::regclass AND i.indisprimary AND a.attrelid = i.indrelid AND a.attnum = k.attnum));
  END LOOP;
END
$fixture$;
RESET ROLE;
RESET search_path;

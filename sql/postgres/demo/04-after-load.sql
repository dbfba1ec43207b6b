-- Everything bound to the tables that a rename swap leaves behind (research/cutover.md §5):
-- functions and triggers, views, a materialized view, a BEGIN ATOMIC function, RLS and policies,
-- exact grants, the realtime publication, replica identity, comments, statistics targets,
-- reloptions, and PostgREST's event triggers. Created after the data is loaded so that loading
-- fires nothing. Run as the superuser.
-- The data came with explicit ids: sequences continue after them, as production's do.
SELECT setval(pg_get_serial_sequence('public.unified_profiles', 'member_number'), (SELECT max(member_number) FROM public.unified_profiles));
SELECT setval(pg_get_serial_sequence('public.affiliates', 'affiliate_number'), (SELECT max(affiliate_number) FROM public.affiliates));
SELECT setval(pg_get_serial_sequence('public.membership_levels', 'id'), (SELECT max(id) FROM public.membership_levels));

SET ROLE postgres;

CREATE FUNCTION public.set_updated_at() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;

-- A completed P2P payment enrols its buyer in the course. plpgsql resolves the table names when
-- it runs, so after a rename swap this writes into whatever is called public.enrollments then.
CREATE FUNCTION public.handle_p2p_transaction() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF NEW.transaction_type = 'P2P' AND NEW.status = 'completed' AND NEW.user_id IS NOT NULL
     AND EXISTS (SELECT 1 FROM public.unified_profiles p WHERE p.id = NEW.user_id) THEN
    INSERT INTO public.enrollments (user_id, course_id, transaction_id, status, enrolled_at)
    SELECT NEW.user_id, c.id, NEW.id, 'active', coalesce(NEW.paid_at, now())
      FROM public.courses c
     WHERE c.slug = 'papers-to-profits'
    ON CONFLICT (user_id, course_id) DO NOTHING;
  END IF;
  RETURN NEW;
END
$$;

-- Enrollment and affiliate changes keep the profile's flags true.
CREATE FUNCTION public.sync_profile_flags() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  who uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.user_id ELSE NEW.user_id END;
BEGIN
  IF TG_TABLE_NAME = 'enrollments' THEN
    UPDATE public.unified_profiles p
       SET is_student = EXISTS (SELECT 1 FROM public.enrollments e WHERE e.user_id = who AND e.status = 'active')
     WHERE p.id = who;
  ELSE
    UPDATE public.unified_profiles p
       SET is_affiliate = EXISTS (SELECT 1 FROM public.affiliates a WHERE a.user_id = who AND a.status = 'active')
     WHERE p.id = who;
  END IF;
  RETURN NULL;
END
$$;

-- Supabase's documented pattern: a profile for every new auth user (fires on SQL inserts too).
CREATE FUNCTION public.handle_new_user() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = ''
  AS $$
BEGIN
  INSERT INTO public.unified_profiles (id, email, first_name, last_name)
  VALUES (NEW.id, lower(NEW.email), NEW.raw_user_meta_data ->> 'first_name', NEW.raw_user_meta_data ->> 'last_name')
  ON CONFLICT (id) DO NOTHING;
  RETURN NEW;
END
$$;

-- A leftover from a mirroring experiment: it writes to a table that no longer exists, and is
-- disabled. A swap must carry it over disabled, not drop or enable it.
CREATE FUNCTION public.mirror_profile_to_dev() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  INSERT INTO public.unified_profiles_dev SELECT NEW.*;
  RETURN NEW;
END
$$;

CREATE FUNCTION public.is_admin() RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = ''
  AS $$ SELECT coalesce((SELECT p.is_admin FROM public.unified_profiles p WHERE p.id = auth.uid()), false) $$;

-- Bound to the table's row type, so it depends on the table itself.
CREATE FUNCTION public.profile_by_email(address text) RETURNS SETOF public.unified_profiles
  LANGUAGE sql STABLE
  AS $$ SELECT * FROM public.unified_profiles WHERE lower(email) = lower(address) $$;

-- BEGIN ATOMIC: parsed at creation and bound by OID (pg_depend), like a view.
CREATE FUNCTION public.active_student_count(course_slug text) RETURNS bigint
  LANGUAGE sql STABLE
BEGIN ATOMIC
  SELECT count(*) FROM public.enrollments e JOIN public.courses c ON c.id = e.course_id
   WHERE c.slug = course_slug AND e.status = 'active';
END;

CREATE TRIGGER on_p2p_transaction_completed AFTER INSERT ON public.transactions
  FOR EACH ROW EXECUTE FUNCTION public.handle_p2p_transaction();
CREATE TRIGGER enrollments_sync_profile_flags AFTER INSERT OR DELETE OR UPDATE OF status ON public.enrollments
  FOR EACH ROW EXECUTE FUNCTION public.sync_profile_flags();
CREATE TRIGGER affiliates_sync_profile_flags AFTER INSERT OR DELETE OR UPDATE OF status ON public.affiliates
  FOR EACH ROW EXECUTE FUNCTION public.sync_profile_flags();
CREATE TRIGGER unified_profiles_set_updated_at BEFORE UPDATE ON public.unified_profiles
  FOR EACH ROW WHEN (OLD.email IS DISTINCT FROM NEW.email OR OLD.status IS DISTINCT FROM NEW.status OR OLD.tags IS DISTINCT FROM NEW.tags) EXECUTE FUNCTION public.set_updated_at();
CREATE TRIGGER transactions_set_updated_at BEFORE UPDATE ON public.transactions
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();
CREATE TRIGGER enrollments_set_updated_at BEFORE UPDATE ON public.enrollments
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();
CREATE TRIGGER affiliates_set_updated_at BEFORE UPDATE ON public.affiliates
  FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();
CREATE TRIGGER mirror_profiles_to_dev AFTER INSERT ON public.unified_profiles
  FOR EACH ROW EXECUTE FUNCTION public.mirror_profile_to_dev();
ALTER TABLE public.unified_profiles DISABLE TRIGGER mirror_profiles_to_dev;
-- The app's role has ALL (so TRIGGER) on auth.users, which Supabase still allows.
CREATE TRIGGER on_auth_user_created AFTER INSERT ON auth.users
  FOR EACH ROW EXECUTE FUNCTION public.handle_new_user();

CREATE VIEW public.purchase_history AS
  SELECT t.id AS transaction_id, t.user_id, p.email, p.first_name, p.last_name, t.amount, t.currency,
         t.status, t.transaction_type, t.paid_at
    FROM public.transactions t
    LEFT JOIN public.unified_profiles p ON p.id = t.user_id;

CREATE VIEW public.revenue_analysis AS
  SELECT date_trunc('month', t.paid_at AT TIME ZONE 'Asia/Manila') AS month, t.transaction_type, t.status,
         count(*) AS payments, sum(t.amount) AS revenue
    FROM public.transactions t
   WHERE t.paid_at IS NOT NULL
   GROUP BY 1, 2, 3;

CREATE VIEW public.monthly_enrollments AS
  SELECT date_trunc('month', e.enrolled_at AT TIME ZONE 'Asia/Manila') AS month, c.slug AS course, count(*) AS enrollments
    FROM public.enrollments e
    JOIN public.courses c ON c.id = e.course_id
   GROUP BY 1, 2;

CREATE VIEW public.marketing_contacts WITH (security_invoker = true) AS
  SELECT p.id, p.email, p.first_name, p.last_name, p.tags
    FROM public.unified_profiles p
   WHERE p.email_marketing_subscribed AND NOT p.email_bounced;

CREATE VIEW public.affiliate_overview AS
  SELECT a.id, a.slug, a.status, p.email, p.first_name, p.last_name, a.total_clicks
    FROM public.affiliates a
    JOIN public.unified_profiles p ON p.id = a.user_id;

CREATE MATERIALIZED VIEW public.student_summary AS
  SELECT p.id, p.email, count(DISTINCT e.id) AS enrollments, coalesce(sum(t.amount), 0) AS spent
    FROM public.unified_profiles p
    LEFT JOIN public.enrollments e ON e.user_id = p.id
    LEFT JOIN public.transactions t ON t.user_id = p.id
   GROUP BY p.id, p.email;
CREATE UNIQUE INDEX student_summary_id_idx ON public.student_summary (id);

-- RLS on some tables and not others, exactly as production has it.
ALTER TABLE public.unified_profiles ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.enrollments ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.affiliates ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.affiliates FORCE ROW LEVEL SECURITY;
ALTER TABLE public.user_notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.courses ENABLE ROW LEVEL SECURITY;

CREATE POLICY profiles_select_own ON public.unified_profiles FOR SELECT TO authenticated USING (id = auth.uid());
CREATE POLICY profiles_update_own ON public.unified_profiles FOR UPDATE TO authenticated
  USING (id = auth.uid()) WITH CHECK (id = auth.uid());
CREATE POLICY profiles_admin_all ON public.unified_profiles FOR ALL TO authenticated USING (public.is_admin());
CREATE POLICY enrollments_select_own ON public.enrollments FOR SELECT TO authenticated USING (user_id = auth.uid());
-- Reads another swapped table: bound to it by OID.
CREATE POLICY enrollments_admin_all ON public.enrollments FOR ALL TO authenticated
  USING (EXISTS (SELECT 1 FROM public.unified_profiles p WHERE p.id = auth.uid() AND p.is_admin));
CREATE POLICY affiliates_select_own ON public.affiliates FOR SELECT TO authenticated USING (user_id = auth.uid());
CREATE POLICY affiliates_public_active ON public.affiliates AS PERMISSIVE FOR SELECT TO anon, authenticated USING (status = 'active');
-- A policy of a table that is not swapped, reading one that is.
CREATE POLICY user_notes_admin_only ON public.user_notes FOR ALL TO authenticated
  USING (EXISTS (SELECT 1 FROM public.unified_profiles p WHERE p.id = auth.uid() AND p.is_admin));
CREATE POLICY courses_public_read ON public.courses FOR SELECT TO anon, authenticated USING (true);

RESET ROLE;

-- Grants: the default privileges gave the API roles ALL; production then narrowed some.
REVOKE ALL ON TABLE public.transactions FROM anon;
REVOKE ALL ON TABLE public.user_notes FROM anon;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON TABLE public.unified_profiles FROM anon;
REVOKE UPDATE ON TABLE public.unified_profiles FROM authenticated;
GRANT UPDATE (first_name, last_name, phone, email_marketing_subscribed) ON TABLE public.unified_profiles TO authenticated;
REVOKE ALL ON TABLE public.student_summary FROM anon;
GRANT SELECT ON TABLE public.transactions TO supabase_auth_admin;

-- Realtime: the publication starts empty; the app added two of the tables.
CREATE PUBLICATION supabase_realtime;
-- As on Supabase, the app's role owns it (projects add tables to it as postgres).
ALTER PUBLICATION supabase_realtime OWNER TO postgres;
ALTER PUBLICATION supabase_realtime ADD TABLE public.enrollments, public.transactions;
ALTER TABLE public.transactions REPLICA IDENTITY FULL;

COMMENT ON TABLE public.unified_profiles IS 'One row per person with an account: the app''s profile of an auth user.';
COMMENT ON COLUMN public.unified_profiles.admin_metadata IS 'Notes and flags set by staff; no source system has these.';
COMMENT ON COLUMN public.unified_profiles.email IS 'Unique as written (case-sensitive).';
COMMENT ON TABLE public.transactions IS 'Payments: Xendit invoices and manual bank transfers.';
COMMENT ON COLUMN public.transactions.status IS 'Written by several generations of webhook code.';
COMMENT ON TABLE public.enrollments IS 'Course access.';
COMMENT ON TABLE public.affiliates IS 'Referral partners.';

ALTER TABLE public.transactions ALTER COLUMN status SET STATISTICS 500;
ALTER TABLE public.unified_profiles ALTER COLUMN email SET STATISTICS 1000;
ALTER TABLE public.transactions SET (fillfactor = 90, autovacuum_vacuum_scale_factor = 0.05);
ALTER TABLE public.enrollments SET (autovacuum_analyze_scale_factor = 0.02);
CREATE STATISTICS public.transactions_type_status_stats (dependencies) ON transaction_type, status FROM public.transactions;
ALTER STATISTICS public.transactions_type_status_stats OWNER TO postgres;

-- PostgREST's schema-cache reload on DDL (Supabase's pgrst_ddl_watch / pgrst_drop_watch).
CREATE FUNCTION extensions.pgrst_ddl_watch() RETURNS event_trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  cmd record;
BEGIN
  FOR cmd IN SELECT * FROM pg_event_trigger_ddl_commands() LOOP
    IF cmd.command_tag IN (
      'CREATE SCHEMA', 'ALTER SCHEMA', 'CREATE TABLE', 'CREATE TABLE AS', 'SELECT INTO', 'ALTER TABLE',
      'CREATE FOREIGN TABLE', 'ALTER FOREIGN TABLE', 'CREATE VIEW', 'ALTER VIEW', 'CREATE MATERIALIZED VIEW',
      'ALTER MATERIALIZED VIEW', 'CREATE FUNCTION', 'ALTER FUNCTION', 'CREATE TRIGGER', 'CREATE TYPE',
      'ALTER TYPE', 'CREATE RULE', 'COMMENT')
      AND cmd.schema_name IS DISTINCT FROM 'pg_temp' THEN
      NOTIFY pgrst, 'reload schema';
    END IF;
  END LOOP;
END
$$;

CREATE FUNCTION extensions.pgrst_drop_watch() RETURNS event_trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  obj record;
BEGIN
  FOR obj IN SELECT * FROM pg_event_trigger_dropped_objects() LOOP
    IF obj.object_type IN ('schema', 'table', 'foreign table', 'view', 'materialized view', 'function',
                           'trigger', 'type', 'rule')
       AND obj.is_temporary IS false THEN
      NOTIFY pgrst, 'reload schema';
    END IF;
  END LOOP;
END
$$;

CREATE EVENT TRIGGER pgrst_ddl_watch ON ddl_command_end EXECUTE FUNCTION extensions.pgrst_ddl_watch();
CREATE EVENT TRIGGER pgrst_drop_watch ON sql_drop EXECUTE FUNCTION extensions.pgrst_drop_watch();

ANALYZE;

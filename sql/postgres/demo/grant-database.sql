-- The app's role may create schemas in its database, as on Supabase (staging needs its own).
-- Database privileges are not copied by CREATE DATABASE … TEMPLATE, so clones run this again.
DO $$
BEGIN
  EXECUTE format('GRANT CREATE, TEMPORARY ON DATABASE %I TO postgres', current_database());
END
$$;

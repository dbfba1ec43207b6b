-- The change log of the live app's writes to production's swapped tables, from the push on
-- (names as in electron/engine/target/staging-layout.ts). Idempotent: a re-push keeps the table
-- and empties it in the same transaction. The function runs as its owner, so the API roles whose
-- writes it records need no access to this schema.
CREATE SCHEMA IF NOT EXISTS cutover_capture;
REVOKE ALL ON SCHEMA cutover_capture FROM PUBLIC;

CREATE TABLE IF NOT EXISTS cutover_capture.changes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  table_name text NOT NULL,
  operation text NOT NULL CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE')),
  key jsonb NOT NULL,
  captured_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  -- The writing transaction: ids are handed out at the write, not at commit, so the cutover's
  -- catch-up rounds tell a lower id still in flight from one already carried by this.
  xid xid8 NOT NULL DEFAULT pg_current_xact_id()
);
ALTER TABLE cutover_capture.changes ADD COLUMN IF NOT EXISTS xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX IF NOT EXISTS changes_xid ON cutover_capture.changes (xid);
REVOKE ALL ON TABLE cutover_capture.changes FROM PUBLIC;

-- TG_ARGV: the table's primary key columns. An UPDATE that changes the key records both keys.
CREATE OR REPLACE FUNCTION cutover_capture.record_change() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER
  SET search_path = ''
  AS $$
DECLARE
  new_key jsonb;
  old_key jsonb;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    SELECT jsonb_object_agg(c, to_jsonb(OLD) -> c) INTO old_key FROM unnest(TG_ARGV) AS c;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT jsonb_object_agg(c, to_jsonb(NEW) -> c) INTO new_key FROM unnest(TG_ARGV) AS c;
  END IF;
  IF TG_OP = 'UPDATE' AND new_key IS DISTINCT FROM old_key THEN
    INSERT INTO cutover_capture.changes (table_name, operation, key)
    VALUES (format('%I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME), TG_OP, old_key);
  END IF;
  INSERT INTO cutover_capture.changes (table_name, operation, key)
  VALUES (format('%I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME), TG_OP, coalesce(new_key, old_key));
  RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION cutover_capture.record_change() FROM PUBLIC;

DELETE FROM cutover_capture.changes;

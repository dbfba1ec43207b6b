-- The cutover's own schema in the target: one row per cutover, rollback or drop of backups (every
-- attempt, failed ones included), and what each did to auth.users. Idempotent; run at the start
-- of every swap, under the advisory lock.
CREATE SCHEMA IF NOT EXISTS cutover_admin;
REVOKE ALL ON SCHEMA cutover_admin FROM PUBLIC;
CREATE TABLE IF NOT EXISTS cutover_admin.history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('cutover', 'rollback', 'drop-backups')),
  status text NOT NULL CHECK (status IN ('running', 'committed', 'failed')),
  started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  committed_at timestamptz,
  finished_at timestamptz,
  plan_sha256 text,
  tables jsonb NOT NULL DEFAULT '[]',
  standby_schema text,
  park_schema text,
  -- The cutover a rollback undoes, or whose backups were dropped.
  of_history bigint REFERENCES cutover_admin.history (id),
  -- Capture rows after this id were written after this swap committed.
  capture_high_water bigint,
  lock_attempts integer,
  lock_wait_ms numeric,
  lock_hold_ms numeric,
  summary jsonb NOT NULL DEFAULT '{}',
  error text,
  app_version text
);
CREATE TABLE IF NOT EXISTS cutover_admin.auth_changes (
  history_id bigint NOT NULL REFERENCES cutover_admin.history (id),
  user_id uuid NOT NULL,
  identity_id uuid,
  change text NOT NULL CHECK (change IN ('added', 'healed', 'identity-added', 'removed', 'kept')),
  columns text[],
  after jsonb
);
CREATE INDEX IF NOT EXISTS auth_changes_history_idx ON cutover_admin.auth_changes (history_id, change);
-- The rows production's own triggers on auth.users (a profile per new user) wrote into the swapped
-- tables when a cutover added its users. They stay in the outgoing tables: deleting them there runs
-- the check of every foreign key into those tables once per row, a scan where the referencing column
-- has no index. They are taken out of the backup after the commit (the 'backup' step), and again
-- by a rollback before it swaps the backup back in, should that step have failed.
CREATE TABLE IF NOT EXISTS cutover_admin.trigger_rows (
  history_id bigint NOT NULL REFERENCES cutover_admin.history (id),
  table_name text NOT NULL,
  key jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS trigger_rows_history_idx ON cutover_admin.trigger_rows (history_id, table_name);

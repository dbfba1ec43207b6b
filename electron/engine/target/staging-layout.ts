// Where the push leaves its work in the target, and where the cutover finds it: the one place
// that names the schemas, tables and triggers the two share. The push (target/push/) writes them;
// the cutover (cutover/) reads them and removes them.
//
// - `cutover_staging.<table>` for each swapped table (swap-tables.ts): a complete clone of
//   production's table under the same name — columns, types, NOT NULL, defaults, CHECKs, indexes,
//   enum types, and the FKs among the staged set pointing at the staged tables. FKs to tables
//   outside the staged set (auth.users, courses, …) are created NOT VALID, because new users are
//   only prepared (below) until the cutover.
// - `cutover_staging.auth_users` / `cutover_staging.auth_identities`: the auth users the plan adds
//   (not yet in auth.users) and their `email` identities, with auth.users' and auth.identities'
//   columns, every string GoTrue scans set to '' (never NULL).
// - `cutover_staging.push_manifest`: one row saying which approved plan was pushed, when, and its
//   per-table row counts and control totals, so the cutover can refuse a stale push.
// - `cutover_capture.changes`: from the push on, a trigger named CAPTURE_TRIGGER on each
//   production swapped table records the live app's writes (table, operation, key, time) so the
//   cutover can carry them over under its lock.
//
// The shapes below are what the cutover reads (proposed by the cutover's helper, issue 13; change
// them here, in one place, if the push needs otherwise):
// - CAPTURE_TABLE columns: `id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY`, `table_name text`
//   (schema-qualified as format('%I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME)), `operation text`
//   ('INSERT' | 'UPDATE' | 'DELETE'), `key jsonb` (the primary-key columns → to_jsonb values; an
//   UPDATE that changes the key records the old and the new key, one row each), `captured_at
//   timestamptz DEFAULT clock_timestamp()`. The cutover reads only the keys: it makes the staged
//   row of each captured key equal to production's row as it is under the lock.
// - The CAPTURE_TRIGGER trigger: AFTER INSERT OR UPDATE OR DELETE FOR EACH ROW, its function in
//   CAPTURE_SCHEMA, SECURITY DEFINER with `SET search_path = ''` (the API roles write production
//   and must not need rights on the capture table), naming its table only through TG_TABLE_SCHEMA
//   and TG_TABLE_NAME: the cutover reproduces production's triggers, this one included, on the new
//   tables, so writes made after a cutover are captured for a rollback to carry back.
// - PUSH_MANIFEST columns: `plan_sha256 text`, `pushed_at timestamptz`, `tables jsonb` —
//   {"public.transactions": {"rows": 3340, "sums": {"amount": "3360000.00"}}, …}: the row count of
//   each staged table and the sum of its numeric control columns as pushed — and `owned_columns
//   jsonb` — {"public.transactions": ["amount", "status", …], …}: the columns the migration owns.
export const STAGING_SCHEMA = 'cutover_staging';
export const STAGED_AUTH_USERS = 'auth_users';
export const STAGED_AUTH_IDENTITIES = 'auth_identities';
export const PUSH_MANIFEST = 'push_manifest';

export const CAPTURE_SCHEMA = 'cutover_capture';
export const CAPTURE_TABLE = 'changes';
export const CAPTURE_TRIGGER = 'cutover_capture';
export const CAPTURE_COLUMNS = ['id', 'table_name', 'operation', 'key', 'captured_at'] as const;
export const PUSH_MANIFEST_COLUMNS = ['plan_sha256', 'pushed_at', 'tables', 'owned_columns'] as const;

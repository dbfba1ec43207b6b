// Where the push leaves its work in the target, and where the cutover finds it: the one place
// that names the schemas, tables and triggers the two share. The push (target/push/) writes them;
// the cutover (cutover/) reads them and removes them.
//
// - `cutover_staging.<table>` for each swapped table (swap-tables.ts): a complete clone of
//   production's table under the same name, with production's own names for its indexes,
//   constraints and sequences (they live in another schema, so nothing collides) — columns, types,
//   NOT NULL, defaults, generated and identity columns, CHECKs, indexes, PK/UNIQUE/EXCLUDE,
//   enum types (production's own), the FKs among the staged set pointing at the staged tables,
//   extended statistics, statistics targets, storage, comments, reloptions, replica identity,
//   owner and grants (table, column and sequence ACLs exactly as production's, in its order; the
//   schema itself grants nobody USAGE, so nothing is reachable through the API before the swap).
//   Serial and identity columns own a staged sequence set to production's value at the push.
//   FKs to tables outside the staged set (auth.users, courses, …) are created NOT VALID, because
//   new users are only prepared (below) until the cutover.
//   Not on the staged tables, because they act or are bound to production as it is at the swap
//   (the cutover sets them then): RLS flags and policies, triggers, rules, publication
//   membership; and what other objects hold (inbound FKs, views, functions, other tables'
//   policies). A catalog diff (catalog-diff.ts, ignoreNames) of a staged table against its
//   production table shows exactly those and nothing else (push/push.test.ts).
// - Rows: every approved plan row exactly once, production-owned columns (push/ownership.ts)
//   copied from the existing production row, whose key it keeps (users by lower(email),
//   transactions by external_id, enrollments by (user_id, course_id)); production rows no plan
//   row covers are kept as they are (the validation lists them as a warning).
// - `cutover_staging.auth_users` / `cutover_staging.auth_identities`: the auth users the plan adds
//   (not yet in auth.users) and their `email` identities, with auth.users' and auth.identities'
//   columns (LIKE, generated columns included: insert the others), every string GoTrue scans set
//   to '' (never NULL). Existing users are not there: they stay as they are in auth.users.
// - `cutover_staging.push_manifest`: one row saying which approved plan was pushed, when, and what
//   staging holds, so the cutover can refuse a stale push. A push whose validation finds errors
//   commits nothing: staging stays as the previous push left it (or absent), so a manifest always
//   belongs to a push that passed. Columns (PUSH_MANIFEST_COLUMNS are those the cutover reads):
//   `plan_sha256 text`, `pushed_at timestamptz`, `tables jsonb` —
//   {"public.transactions": {"rows": 3340, "sums": {"amount": "3360000.00"}}, …}: the row count of
//   each staged table and the sum of each of its numeric columns as pushed —, `owned_columns
//   jsonb` — {"public.transactions": ["id", "amount", "status", …], …}: the columns the migration
//   owns —; and for people: `approved_by`, `approved_at`, `workspace`, `row_origins` (per table:
//   plan rows matched to production, added, production rows kept), `control_totals` (the approved
//   plan's, per transaction type × status × currency × month), `validation` (each check's outcome).
// - `cutover_capture.changes`: from the push's COMMIT on, a row trigger named CAPTURE_TRIGGER on
//   each production swapped table (AFTER INSERT OR UPDATE OR DELETE FOR EACH ROW; its function
//   CAPTURE_SCHEMA.CAPTURE_FUNCTION, SECURITY DEFINER with `SET search_path = ''`, so the API roles
//   that write production need no rights on the capture table; it names its table only through
//   TG_TABLE_SCHEMA and TG_TABLE_NAME, and takes the primary-key columns as its arguments, so the
//   cutover can reproduce it on the new tables for a rollback to carry writes back) records the
//   live app's writes. CAPTURE_COLUMNS: `id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY`
//   (order), `table_name text` (format('%I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME)), `operation text`
//   ('INSERT' | 'UPDATE' | 'DELETE'), `key jsonb` (primary-key column → to_jsonb value; an UPDATE
//   that changes the key records the old and the new key, one row each), `captured_at timestamptz
//   DEFAULT clock_timestamp()`, `xid xid8 DEFAULT pg_current_xact_id()` (indexed: the cutover
//   carries under its lock the writes of transactions still open at its last catch-up round). The triggers, staging and the manifest commit in one transaction,
//   and production rows are read for the merge only after the triggers hold their lock, so every
//   write after the staged snapshot is captured and none before it. A re-push empties the table in
//   that transaction.
// - Sequences move with their tables (ALTER TABLE … SET SCHEMA moves owned sequences), but
//   production's may advance after the push: the cutover sets them again under its lock.
export const STAGING_SCHEMA = 'cutover_staging';
export const STAGED_AUTH_USERS = 'auth_users';
export const STAGED_AUTH_IDENTITIES = 'auth_identities';
export const PUSH_MANIFEST = 'push_manifest';

export const CAPTURE_SCHEMA = 'cutover_capture';
export const CAPTURE_TABLE = 'changes';
export const CAPTURE_TRIGGER = 'cutover_capture';
export const CAPTURE_FUNCTION = 'record_change';
export const CAPTURE_COLUMNS = ['id', 'table_name', 'operation', 'key', 'captured_at', 'xid'] as const;
export const PUSH_MANIFEST_COLUMNS = ['plan_sha256', 'pushed_at', 'tables', 'owned_columns'] as const;

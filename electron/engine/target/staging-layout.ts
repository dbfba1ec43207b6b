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
//   owner and grants (table, column and sequence ACLs exactly as production's; the schema itself
//   grants nobody USAGE, so nothing is reachable through the API before the swap). Serial and
//   identity columns own a staged sequence set to production's value at the push. FKs to tables
//   outside the staged set (auth.users, courses, …) are created NOT VALID, because new users are
//   only prepared (below) until the cutover.
//   Not on the staged tables, because they act or are bound to production as it is at the swap
//   (the cutover sets them then): RLS flags and policies, triggers, rules, publication
//   membership; and what other objects hold (inbound FKs, views, functions, other tables'
//   policies). A catalog diff (catalog-diff.ts, ignoreNames) of a staged table against its
//   production table shows exactly those and nothing else (push.test.ts).
// - Rows: every approved plan row exactly once, production-owned columns (ownership.ts) copied
//   from the existing production row, whose key it keeps (users by lower(email), transactions by
//   external_id, enrollments by (user_id, course_id)); production rows no plan row covers are
//   kept as they are (the validation lists them as a warning).
// - `cutover_staging.auth_users` / `cutover_staging.auth_identities`: the auth users the plan adds
//   (not yet in auth.users) and their `email` identities, with auth.users' and auth.identities'
//   columns (LIKE, generated columns included: insert the others), every string GoTrue scans set
//   to '' (never NULL). Existing users are not there: they stay as they are in auth.users.
// - `cutover_staging.push_manifest`: one row saying which approved plan was pushed, when, and its
//   per-table row counts, control totals and validation outcome, so the cutover can refuse a
//   stale or rejected push. A push whose validation finds errors commits nothing: staging stays
//   as the previous push left it (or absent).
// - `cutover_capture.changes`: from the push's COMMIT on, a row trigger named CAPTURE_TRIGGER on
//   each production swapped table (AFTER INSERT OR UPDATE OR DELETE, SECURITY DEFINER function
//   CAPTURE_FUNCTION) records the live app's writes: seq (order), table_name ('public.x'),
//   operation ('INSERT' | 'UPDATE' | 'DELETE'), key (jsonb of the primary key: the new row's, or
//   the deleted row's), old_key (jsonb, an UPDATE that changed the key), at (clock_timestamp()),
//   xact (xid8). The triggers, staging and the manifest commit in one transaction, and production
//   rows are read for the merge only after the triggers hold their lock, so every write after the
//   staged snapshot is captured and none before it. A re-push empties changes in that transaction.
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

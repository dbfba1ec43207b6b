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
export const STAGING_SCHEMA = 'cutover_staging';
export const STAGED_AUTH_USERS = 'auth_users';
export const STAGED_AUTH_IDENTITIES = 'auth_identities';
export const PUSH_MANIFEST = 'push_manifest';

export const CAPTURE_SCHEMA = 'cutover_capture';
export const CAPTURE_TABLE = 'changes';
export const CAPTURE_TRIGGER = 'cutover_capture';

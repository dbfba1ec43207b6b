// auth.users is never swapped (research/supabase.md; DESIGN.md): a cutover inserts the staged new
// users and their identities, and heals existing users so GoTrue can read every one of them
// (no NULL where it scans a string, an email identity for every user it can find). Everything it
// does is recorded in cutover_admin.auth_changes so a rollback can undo exactly that: remove the
// users it added unless they have been used since, give healed columns their NULL back where they
// still hold the healed value, remove identities it added that were never used.
import { quoteIdent, quoteLiteral, quoteQualified } from '../pg/quote.ts';
import { STAGED_AUTH_IDENTITIES, STAGED_AUTH_USERS } from '../target/staging-layout.ts';
import type { PlanStatement, RuntimeParam, SwapFacts } from './model.ts';
import { ADMIN_SCHEMA, AUTH_CHANGES_TABLE, GOTRUE_INSTANCE } from './names.ts';

const CHANGES = `${quoteIdent(ADMIN_SCHEMA)}.${quoteIdent(AUTH_CHANGES_TABLE)}`;

/**
 * Staged users production has meanwhile (id, email, existing_id): the same id, or the same e-mail in
 * any case from a non-SSO user (GoTrue's own uniqueness). Two joins, not one join on an OR: each of
 * these hashes, the OR is a nested loop (over 120 s at 600k users).
 */
export function stagedUserConflicts(staged: string): string {
  return `SELECT s.id, s.email, u.id AS existing_id FROM ${staged} s JOIN auth.users u ON u.id = s.id
          UNION ALL
          SELECT s.id, s.email, u.id FROM ${staged} s JOIN auth.users u ON lower(u.email) = lower(s.email) AND NOT u.is_sso_user AND u.id <> s.id`;
}

/** Columns GoTrue scans into Go strings (a NULL there is a 500 at login), with the value that heals them. */
export const GOTRUE_SCANNED: Readonly<Record<string, string>> = {
  aud: `'authenticated'::text`,
  role: `'authenticated'::text`,
  confirmation_token: `''::text`,
  recovery_token: `''::text`,
  email_change_token_current: `''::text`,
  email_change_token_new: `''::text`,
  email_change: `''::text`,
  phone_change: `''::text`,
  phone_change_token: `''::text`,
  reauthentication_token: `''::text`,
  email_change_confirm_status: '0::smallint',
  created_at: 'now()',
  updated_at: 'now()',
};

const lit = quoteLiteral;

/**
 * The statements of one phase: 'prepare' (before the locks), 'locked' (after the swap), 'verify', or
 * 'checks' (after COMMIT: auth.users read as GoTrue reads it); a cutover's changes are all in prepare.
 */
export function authStatements(f: SwapFacts, phase: 'prepare' | 'locked' | 'verify' | 'checks', history: RuntimeParam): PlanStatement[] {
  if (!f.auth.present) return [];
  if (phase === 'checks') return f.direction === 'cutover' ? gotrueReads(scanned(f)) : [];
  return f.direction === 'cutover' ? merge(f, phase, history) : undo(f, phase, history);
}

/** What GoTrue needs of every user: no NULL where it scans a string; an email identity for every user it can find. */
function gotrueReads(cols: [string, string][]): PlanStatement[] {
  return [
    {
      sql: `SELECT 'auth user ' || u.id || ' has a NULL ' || v.col || ', which GoTrue cannot read' AS problem
              FROM auth.users u, LATERAL (VALUES ${cols.map(([c]) => `(${lit(c)}, u.${quoteIdent(c)} IS NULL)`).join(', ')}) AS v(col, bad)
             WHERE v.bad LIMIT 20`,
      params: [],
      label: 'no auth user has a NULL GoTrue would fail to read',
      kind: 'check',
    },
    {
      sql: `SELECT 'auth user ' || u.id || ' (' || u.email || ') has no email identity, so it cannot log in' AS problem
              FROM auth.users u
             WHERE u.instance_id = ${lit(GOTRUE_INSTANCE)}::uuid AND u.email IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM auth.identities i WHERE i.user_id = u.id) LIMIT 20`,
      params: [],
      label: 'every user GoTrue can find has an email identity',
      kind: 'check',
    },
  ];
}

function scanned(f: SwapFacts): [string, string][] {
  const present = new Set(f.auth.usersColumns.filter((c) => !c.generated).map((c) => c.name));
  return Object.entries(GOTRUE_SCANNED).filter(([c]) => present.has(c));
}

function merge(f: SwapFacts, phase: string, history: RuntimeParam): PlanStatement[] {
  const cols = scanned(f);
  const out: PlanStatement[] = [];
  const staged = quoteQualified(f.standbySchema, STAGED_AUTH_USERS);
  const stagedIdentities = quoteQualified(f.standbySchema, STAGED_AUTH_IDENTITIES);
  if (phase === 'prepare') {
    if (f.auth.stagedUsersColumns.length) {
      out.push({
        sql: `SELECT 'staged user ' || c.id || ' (' || c.email || ') ' || CASE WHEN c.existing_id = c.id THEN 'is already in auth.users' ELSE 'has the e-mail of auth user ' || c.existing_id END AS problem
                FROM (${stagedUserConflicts(staged)}) c LIMIT 20`,
        params: [],
        label: 'no staged user has signed up meanwhile (same id or the same e-mail in any case)',
        kind: 'check',
      });
    }
    const anyNull = cols.map(([c]) => `u.${quoteIdent(c)} IS NULL`).join(' OR ');
    out.push({
      sql: `INSERT INTO ${CHANGES} (history_id, user_id, change, columns, after)
            SELECT $1, u.id, 'healed', array_remove(ARRAY[${cols.map(([c]) => `CASE WHEN u.${quoteIdent(c)} IS NULL THEN ${lit(c)} END`).join(', ')}], NULL),
                   jsonb_strip_nulls(jsonb_build_object(${cols.map(([c, v]) => `${lit(c)}, CASE WHEN u.${quoteIdent(c)} IS NULL THEN to_jsonb(${v}) END`).join(', ')}))
              FROM auth.users u WHERE ${anyNull}`,
      params: [history],
      label: 'record which existing users get which column healed (for a rollback)',
      kind: 'dml',
    });
    out.push({
      sql: `UPDATE auth.users u SET ${cols.map(([c, v]) => `${quoteIdent(c)} = coalesce(u.${quoteIdent(c)}, ${v})`).join(', ')} WHERE ${anyNull}`,
      params: [],
      label: `existing users GoTrue could not read get '' (never NULL) in the columns it scans as strings`,
      kind: 'dml',
    });
    out.push({
      sql: `WITH added AS (
              INSERT INTO auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
              SELECT u.id::text, u.id, jsonb_build_object('sub', u.id::text, 'email', lower(u.email), 'email_verified', u.email_confirmed_at IS NOT NULL, 'phone_verified', false),
                     'email', NULL, now(), now()
                FROM auth.users u
               WHERE u.instance_id = ${lit(GOTRUE_INSTANCE)}::uuid AND u.email IS NOT NULL
                 AND NOT EXISTS (SELECT 1 FROM auth.identities i WHERE i.user_id = u.id)
              ON CONFLICT DO NOTHING
              RETURNING id, user_id, updated_at)
            INSERT INTO ${CHANGES} (history_id, user_id, identity_id, change, after)
            SELECT $1, user_id, id, 'identity-added', jsonb_build_object('updated_at', updated_at) FROM added`,
      params: [history],
      label: 'every user GoTrue can find gets an email identity (as GoTrue itself would create)',
      kind: 'dml',
    });
    out.push(gotrueReads(cols)[0]!);
  }
  // The staged users are added before the locks too: auth.users is not swapped, and rows only this
  // transaction can see hold nobody up, so the lock is held for the same few statements at any size.
  // What production's own triggers on auth.users write into the swapped tables meanwhile is taken
  // back by the plan (plan.ts), since the incoming tables already hold those rows.
  if (phase === 'prepare' && f.auth.stagedUsersColumns.length) {
    const stagedCols = new Set(f.auth.stagedUsersColumns);
    const targets = f.auth.usersColumns.filter((c) => !c.generated && (stagedCols.has(c.name) || c.name in GOTRUE_SCANNED));
    const expression = (c: string) => {
      const from = stagedCols.has(c) ? `s.${quoteIdent(c)}` : 'NULL';
      if (c === 'instance_id') return `coalesce(${from}, ${lit(GOTRUE_INSTANCE)}::uuid)`;
      if (c === 'email') return `lower(${from})`;
      if (c === 'aud' || c === 'role') return `coalesce(nullif(${from}, ''), 'authenticated')`;
      if (c in GOTRUE_SCANNED) return `coalesce(${from}, ${GOTRUE_SCANNED[c]})`;
      return from;
    };
    out.push({
      sql: `WITH added AS (
              INSERT INTO auth.users (${targets.map((c) => quoteIdent(c.name)).join(', ')})
              SELECT ${targets.map((c) => expression(c.name)).join(', ')} FROM ${staged} s
              RETURNING id, last_sign_in_at, updated_at)
            INSERT INTO ${CHANGES} (history_id, user_id, change, after)
            SELECT $1, id, 'added', jsonb_build_object('last_sign_in_at', last_sign_in_at, 'updated_at', updated_at) FROM added`,
      params: [history],
      label: `the ${f.auth.stagedUsers} staged users join auth.users (instance, aud/role, lower-case e-mail, '' never NULL); their profiles are already in the incoming table`,
      kind: 'dml',
    });
    const identityCols = f.auth.identitiesColumns.filter((c) => !c.generated && f.auth.stagedIdentitiesColumns.includes(c.name));
    if (identityCols.length) {
      out.push({
        sql: `WITH added AS (
                INSERT INTO auth.identities (${identityCols.map((c) => quoteIdent(c.name)).join(', ')})
                SELECT ${identityCols.map((c) => `s.${quoteIdent(c.name)}`).join(', ')} FROM ${stagedIdentities} s
                ON CONFLICT DO NOTHING
                RETURNING id, user_id, updated_at)
              INSERT INTO ${CHANGES} (history_id, user_id, identity_id, change, after)
              SELECT $1, user_id, id, 'identity-added', jsonb_build_object('updated_at', updated_at) FROM added`,
        params: [history],
        label: 'their email identities',
        kind: 'dml',
      });
    }
    out.push({
      sql: `SELECT 'staged user ' || s.id || ' is not in auth.users' AS problem FROM ${staged} s WHERE NOT EXISTS (SELECT 1 FROM auth.users u WHERE u.id = s.id) LIMIT 20`,
      params: [],
      label: 'every staged user is in auth.users',
      kind: 'check',
    });
    out.push({
      sql: `SELECT 'auth user ' || u.id || ' has no identity' AS problem FROM ${staged} s JOIN auth.users u ON u.id = s.id
             WHERE NOT EXISTS (SELECT 1 FROM auth.identities i WHERE i.user_id = u.id) LIMIT 20`,
      params: [],
      label: 'every added user has an identity',
      kind: 'check',
    });
  }
  return out;
}

function undo(f: SwapFacts, phase: string, history: RuntimeParam): PlanStatement[] {
  const u = f.undo;
  if (!u || phase !== 'locked') return [];
  const cut = u.cutoverHistoryId;
  // Used since the cutover: signed in, changed, or referenced by a row of the tables being restored
  // (writes carried back), which deleting the user would cascade into.
  const referenced = f.auth.referencingForeignKeys
    .map((fk) => `EXISTS (SELECT 1 FROM ${fk.table} r WHERE r.${quoteIdent(fk.columns[0] as string)} = u.id)`)
    .join(' OR ');
  const used = `(u.last_sign_in_at IS DISTINCT FROM (a.after ->> 'last_sign_in_at')::timestamptz OR u.updated_at IS DISTINCT FROM (a.after ->> 'updated_at')::timestamptz${referenced ? ` OR ${referenced}` : ''})`;
  const out: PlanStatement[] = [
    {
      sql: `INSERT INTO ${CHANGES} (history_id, user_id, change, after)
            SELECT $1, u.id, 'kept', jsonb_build_object('last_sign_in_at', u.last_sign_in_at, 'email', u.email)
              FROM ${CHANGES} a JOIN auth.users u ON u.id = a.user_id
             WHERE a.history_id = $2 AND a.change = 'added' AND ${used}`,
      params: [history, cut],
      label: 'auth users the cutover added that have been used since are kept (and listed)',
      kind: 'dml',
    },
    {
      sql: `WITH gone AS (
              DELETE FROM auth.users u USING ${CHANGES} a
               WHERE a.history_id = $2 AND a.change = 'added' AND u.id = a.user_id AND NOT ${used}
              RETURNING u.id)
            INSERT INTO ${CHANGES} (history_id, user_id, change) SELECT $1, id, 'removed' FROM gone`,
      params: [history, cut],
      label: `the ${u.addedUsers} auth user(s) the cutover added are removed, unless used since`,
      kind: 'dml',
    },
  ];
  for (const [c] of scanned(f)) {
    out.push({
      sql: `UPDATE auth.users u SET ${quoteIdent(c)} = NULL FROM ${CHANGES} a
             WHERE a.history_id = $1 AND a.change = 'healed' AND a.user_id = u.id AND ${lit(c)} = ANY (a.columns) AND to_jsonb(u.${quoteIdent(c)}) = a.after -> ${lit(c)}`,
      params: [cut],
      label: `${c} is NULL again where the cutover healed it and nothing changed it since`,
      kind: 'dml',
    });
  }
  out.push({
    sql: `DELETE FROM auth.identities i USING ${CHANGES} a
           WHERE a.history_id = $1 AND a.change = 'identity-added' AND i.id = a.identity_id
             AND i.last_sign_in_at IS NULL AND i.updated_at IS NOT DISTINCT FROM (a.after ->> 'updated_at')::timestamptz`,
    params: [cut],
    label: 'identities the cutover added for existing users are removed, unless used since',
    kind: 'dml',
  });
  return out;
}

// The validation suite, run in the target inside the push's transaction: each check one query
// that returns up to 50 failing rows with their keys and, in _failed, how many fail in all.
// Generic checks are built from production's catalog (keys, uniques, FKs, CHECKs, inbound FKs);
// the plan's own (amounts, control totals, new auth users) are SQL files in sql/postgres/validate/.
import type { ValidationCheck } from '../../../../shared/api/target.ts';
import type { Queryable } from '../../pg/query.ts';
import { fileQuery } from '../../pg/sql-files.ts';
import { quoteIdent, quoteQualified } from '../../pg/quote.ts';
import type { TableInventory } from '../introspect/inventory.ts';
import { STAGED_AUTH_USERS, STAGING_SCHEMA } from '../staging-layout.ts';
import { splitQualified } from '../../pg/names.ts';
import { productionName, stagedName } from './clone.ts';
import type { Ownership } from './ownership.ts';

export const MAX_SAMPLES = 50;

export interface CheckDef {
  id: string;
  check: string;
  label: string;
  table: string | null;
  severity: 'error' | 'warn';
  /** What it verifies, in words. */
  detail: string;
  sql: string;
  params?: readonly unknown[];
}

export const loadTable = (table: string) => quoteQualified('pg_temp', `load_${table}`);
const col = (alias: string, name: string) => `${alias}.${quoteIdent(name)}`;
const typeOf = (t: TableInventory, name: string) => t.columns.find((c) => c.name === name)!.type;
/** A load column (text) as the production column's type. */
const cast = (t: TableInventory, alias: string, name: string) => `${col(alias, name)}::${typeOf(t, name)}`;
const keyJoin = (o: Ownership, staged: string, load: string) => o.key.map((k) => `${col(staged, k)} = ${cast(o.table, load, k)}`).join(' AND ');
const alias = (expr: string, n: number) => (Buffer.byteLength(expr) <= 60 ? quoteIdent(expr) : `key_${n}`);
const sampled = (select: string, from: string, order: string) => `SELECT count(*) OVER () AS _failed, ${select} FROM ${from} ORDER BY ${order} LIMIT ${MAX_SAMPLES}`;
const label = (t: TableInventory) => `${t.schema}.${t.name}`;

/** Plan enrollments must name a production course (before the merge casts them). */
export function courseCheck(): CheckDef {
  const q = fileQuery('validate/courses');
  return { id: 'courses', check: 'foreign-keys', label: 'public.enrollments: course_id → public.courses', table: 'public.enrollments', severity: 'error', detail: 'Every plan enrollment names a course production has.', sql: q.sql, params: q.params };
}

/** Checks of the plan's rows as loaded, before they meet production's constraints. */
export function loadChecks(o: Ownership): CheckDef[] {
  const t = o.table;
  const out: CheckDef[] = [];
  const load = loadTable(t.name);
  const owned = t.columns.filter((c) => o.owned.includes(c.name));
  const required = owned.filter((c) => c.notNull);
  if (required.length) {
    out.push({
      id: `required-values:${t.name}`,
      check: 'required-values',
      label: `${label(t)}: required values`,
      table: label(t),
      severity: 'error',
      detail: `Plan rows give every NOT NULL column the plan owns (${required.map((c) => c.name).join(', ')}).`,
      sql: sampled(`l.plan_key, ${required.map((c) => col('l', c.name)).join(', ')}`, `${load} l WHERE ${required.map((c) => `${col('l', c.name)} IS NULL`).join(' OR ')}`, 'l.plan_key'),
    });
  }
  const unfilled = t.columns.filter((c) => o.copied.includes(c.name) && c.notNull && c.default === null && c.identity === null);
  if (unfilled.length && o.owned.length) {
    out.push({
      id: `new-row-values:${t.name}`,
      check: 'required-values',
      label: `${label(t)}: values for new rows`,
      table: label(t),
      severity: 'error',
      detail: `A plan row new to production needs ${unfilled.map((c) => c.name).join(', ')}, which the plan does not own and production gives no default.`,
      sql: sampled('l.plan_key', `${load} l WHERE NOT EXISTS (SELECT 1 FROM ${productionName(t)} p WHERE ${keyJoin(o, 'p', 'l')})`, 'l.plan_key'),
    });
  }
  for (const c of owned) {
    if (!c.enumType || c.type.endsWith('[]')) continue;
    out.push({
      id: `allowed-values:${t.name}.${c.name}`,
      check: 'allowed-values',
      label: `${label(t)}.${c.name}: allowed values`,
      table: label(t),
      severity: 'error',
      detail: `Every plan value of ${c.name} is a label of ${c.enumType}.`,
      sql: sampled(`l.plan_key, ${col('l', c.name)}`, `${load} l WHERE ${col('l', c.name)} IS NOT NULL AND ${col('l', c.name)} <> ALL (enum_range(NULL::${c.type})::text[])`, 'l.plan_key'),
    });
  }
  return out;
}

/** The checks of one staged table against production's constraints and the plan. */
export function stagedChecks(o: Ownership, staged: ReadonlySet<string>): CheckDef[] {
  const t = o.table;
  const s = stagedName(t);
  const out: CheckDef[] = [];
  const pk = o.key.map((k) => col('s', k));
  const keys = o.key.map((k, i) => `${col('s', k)} AS ${alias(k, i)}`).join(', ');
  out.push({
    id: `primary-key:${t.name}`,
    check: 'primary-key',
    label: `${label(t)}: primary key`,
    table: label(t),
    severity: 'error',
    detail: `No two staged rows share a primary key (${o.key.join(', ')}).`,
    sql: sampled(`${keys}, count(*) AS copies`, `${s} s GROUP BY ${pk.join(', ')} HAVING count(*) > 1`, pk.map((_, i) => i + 2).join(', ')),
  });
  for (const i of t.indexes) {
    if (!i.unique || i.primary) continue;
    const exprs = i.keys.map((k) => (/^[a-z_][a-z0-9_]*$/.test(k) ? col('s', k) : k));
    const nonNull = i.nullsNotDistinct ? [] : exprs.map((e) => `(${e}) IS NOT NULL`);
    const where = [...(i.predicate ? [`(${i.predicate})`] : []), ...nonNull];
    out.push({
      id: `unique:${t.name}.${i.name}`,
      check: 'unique',
      label: `${label(t)}: unique ${i.keys.join(', ')}`,
      table: label(t),
      severity: 'error',
      detail: `No two staged rows share (${i.keys.join(', ')})${i.predicate ? ` where ${i.predicate}` : ''} (${i.constraint ?? i.name}).`,
      sql: sampled(
        `${exprs.map((e, n) => `${e} AS ${alias(i.keys[n]!, n)}`).join(', ')}, count(*) AS copies`,
        `${s} s${where.length ? ` WHERE ${where.join(' AND ')}` : ''} GROUP BY ${exprs.map((_, n) => n + 2).join(', ')} HAVING count(*) > 1`,
        exprs.map((_, n) => n + 2).join(', '),
      ),
    });
  }
  for (const c of t.constraints) {
    if (c.type === 'check') {
      const expr = /^CHECK \((.*)\)( NO INHERIT)?( NOT VALID)?$/s.exec(c.definition)?.[1];
      if (!expr) continue;
      const cols = c.columns.filter((x) => !o.key.includes(x));
      out.push({
        id: `allowed-values:${t.name}.${c.name}`,
        check: 'allowed-values',
        label: `${label(t)}: ${c.name}`,
        table: label(t),
        // Production itself may hold rows a NOT VALID check was never applied to.
        severity: c.validated ? 'error' : 'warn',
        detail: `Every staged row satisfies ${c.definition}.`,
        sql: sampled([keys, ...cols.map((x) => col('s', x))].join(', '), `${s} s WHERE NOT (${expr})`, pk.join(', ')),
      });
    }
    if (c.type === 'foreign key' && c.foreignKey) {
      const fk = c.foreignKey;
      const inSet = staged.has(fk.table);
      const parent = inSet ? quoteQualified(STAGING_SCHEMA, splitQualified(fk.table).name) : fk.table;
      const match = (alias: string) => c.columns.map((x, n) => `${col(alias, fk.columns[n]!)} = ${col('s', x)}`).join(' AND ');
      const pending = fk.table === 'auth.users' ? ` AND NOT EXISTS (SELECT 1 FROM ${quoteQualified(STAGING_SCHEMA, STAGED_AUTH_USERS)} a WHERE ${match('a')})` : '';
      out.push({
        id: `foreign-key:${t.name}.${c.name}`,
        check: 'foreign-keys',
        label: `${label(t)}: ${c.columns.join(', ')} → ${fk.table}`,
        table: label(t),
        severity: c.validated ? 'error' : 'warn',
        detail: `Every staged ${c.columns.join(', ')} has its row in ${inSet ? `staged ${fk.table}` : fk.table}${pending ? ' or among the new auth users' : ''}.`,
        sql: sampled(
          [keys, ...c.columns.filter((x) => !o.key.includes(x)).map((x) => col('s', x))].join(', '),
          `${s} s WHERE ${c.columns.map((x) => `${col('s', x)} IS NOT NULL`).join(' AND ')} AND NOT EXISTS (SELECT 1 FROM ${parent} p WHERE ${match('p')})${pending}`,
          pk.join(', '),
        ),
      });
    }
  }
  for (const f of t.inboundForeignKeys) {
    const match = (a: string, b: string) => f.columns.map((x, n) => `${col(a, f.referencedColumns[n]!)} = ${col(b, x)}`).join(' AND ');
    out.push({
      id: `inbound:${t.name}.${f.fromTable}.${f.name}`,
      check: 'inbound-references',
      label: `${f.fromTable} → ${label(t)}`,
      table: label(t),
      severity: 'error',
      detail: `Every ${f.fromTable} row that points at a production row of ${t.name} (${f.columns.join(', ')}) still finds it in staging; otherwise the cutover would orphan it.`,
      sql: sampled(
        f.columns.map((x) => col('f', x)).join(', '),
        `${f.fromTable} f WHERE ${f.columns.map((x) => `${col('f', x)} IS NOT NULL`).join(' AND ')} AND EXISTS (SELECT 1 FROM ${productionName(t)} p WHERE ${match('p', 'f')}) AND NOT EXISTS (SELECT 1 FROM ${s} s WHERE ${match('s', 'f')})`,
        f.columns.map((_, n) => n + 2).join(', '),
      ),
    });
  }
  if (o.owned.some((c) => o.key.includes(c))) {
    const load = loadTable(t.name);
    out.push({
      id: `plan-rows:${t.name}`,
      check: 'plan-rows',
      label: `${label(t)}: every approved row exactly once`,
      table: label(t),
      severity: 'error',
      detail: 'Each plan row is in staging exactly once, under its key.',
      sql: sampled(
        `l.plan_key, ${o.key.map((k) => col('l', k)).join(', ')}, count(${pk[0]}) AS in_staging`,
        `${load} l LEFT JOIN ${s} s ON ${keyJoin(o, 's', 'l')} GROUP BY l.plan_key, ${o.key.map((k) => col('l', k)).join(', ')} HAVING count(${pk[0]}) <> 1`,
        'l.plan_key',
      ),
    });
    out.push({
      id: `production-kept:${t.name}`,
      check: 'production-kept',
      label: `${label(t)}: production rows no plan row covers`,
      table: label(t),
      severity: 'warn',
      detail: 'Rows production has that no source backs are kept as they are (decide them before the cutover if they should go).',
      sql: sampled(keys, `${s} s WHERE NOT EXISTS (SELECT 1 FROM ${load} l WHERE ${keyJoin(o, 's', 'l')})`, pk.join(', ')),
    });
  }
  return out;
}

/** The plan's own checks (sql/postgres/validate/). */
export function planChecks(input: { controlTotals: unknown; timeZone: string; statusVocabulary: readonly string[]; approvedAmount: string }): CheckDef[] {
  const file = (name: string, params: readonly unknown[] = []) => fileQuery(`validate/${name}`, params);
  const def = (c: Omit<CheckDef, 'sql' | 'params'>, q: { sql: string; params: readonly unknown[] }): CheckDef => ({ ...c, sql: q.sql, params: q.params });
  return [
    def(
      { id: 'amounts', check: 'amounts', label: 'public.transactions: amounts', table: 'public.transactions', severity: 'error', detail: 'Every staged plan transaction has the plan\'s amount to the centavo; no transaction is negative.' },
      file('amounts'),
    ),
    def(
      { id: 'control-totals', check: 'control-totals', label: 'Control totals', table: 'public.transactions', severity: 'error', detail: 'Count and sum per transaction type × status × currency × month equal the approved plan\'s, to the centavo.' },
      file('control-totals', [JSON.stringify(input.controlTotals), input.timeZone]),
    ),
    def(
      { id: 'approved-total', check: 'control-totals', label: 'The signed-off total', table: 'public.transactions', severity: 'error', detail: `The staged plan transactions add up to the ${input.approvedAmount} the reviewer signed off.` },
      file('approved-total', [input.approvedAmount]),
    ),
    def(
      { id: 'auth-users', check: 'auth-users', label: 'New auth users', table: 'auth.users', severity: 'error', detail: 'Every new auth user can log in: no NULL where GoTrue reads a string, zero instance_id, aud/role authenticated, lower-case e-mail not yet in auth.users, one email identity.' },
      file('auth-users'),
    ),
    def(
      { id: 'email-case', check: 'email-case', label: 'E-mail case conflicts in auth.users', table: 'auth.users', severity: 'warn', detail: 'Plan users whose lower(email) matches several production users: one was kept, the others stay.' },
      file('email-case'),
    ),
    def(
      { id: 'status-vocabulary', check: 'status-vocabulary', label: 'public.transactions: status vocabulary', table: 'public.transactions', severity: 'warn', detail: `Staged statuses are the target's vocabulary (${input.statusVocabulary.join(', ')}); rows listed by status.` },
      file('status-vocabulary', [input.statusVocabulary]),
    ),
  ];
}

const plain = (v: unknown): unknown => (v instanceof Date ? v.toISOString() : typeof v === 'bigint' ? String(v) : v);

/** Runs one check; its samples carry the keys the query selected. */
export async function runCheck(db: Queryable, def: CheckDef): Promise<ValidationCheck> {
  const result = await db.query(def.sql, (def.params ?? []) as unknown[]);
  const rows = result.rows as Record<string, unknown>[];
  const failed = rows.length ? Number(rows[0]!._failed) : 0;
  const samples = rows.map(({ _failed, ...rest }) => Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, plain(v)])));
  return {
    id: def.id,
    check: def.check,
    label: def.label,
    table: def.table,
    severity: def.severity,
    passed: failed === 0,
    failed,
    detail: failed === 0 ? def.detail : `${def.detail} ${failed.toLocaleString('en-US')} fail${failed === 1 ? 's' : ''}.`,
    samples,
  };
}

/** A check that could not run as a query (a statement that failed), as a failed check. */
export function failedCheck(id: string, check: string, labelText: string, detail: string): ValidationCheck {
  return { id, check, label: labelText, table: null, severity: 'error', passed: false, failed: 1, detail, samples: [] };
}

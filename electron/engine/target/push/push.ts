// The push: the approved plan into staging in the target, validated there, in one transaction.
//
//   1. (no production lock) Drop the previous staging, create each staged table as a clone of
//      production's (clone.ts), and stream the plan's rows by COPY into the transaction's load
//      tables, table by table in dependency order.
//   2. Lock production's swapped tables (and the tables their FKs reach) against writes — reads
//      go on — create the capture triggers, then read production: users by lower(email), rows by
//      their natural keys, production-owned columns, rows no plan row covers. Reading only after
//      the triggers hold their lock is what makes the capture exact: every write after this
//      snapshot is captured, none before it.
//   3. Validate (checks.ts). Errors: ROLLBACK — staging and the capture stay as they were.
//   4. Otherwise the clones get their keys, indexes, CHECKs, FKs, grants…; the manifest; COMMIT.
//
// A failure anywhere, a cancel or the engine's death rolls the transaction back: staging is
// absent or complete, never partial, and no capture trigger is left behind.
import type pg from 'pg';
import type { PlanTable } from '../../../../shared/api/reconcile.ts';
import type { PushResult, ValidationCheck } from '../../../../shared/api/target.ts';
import { CutoverError } from '../../../../shared/api/errors.ts';
import { centavosToDecimal } from '../../domain/money.ts';
import { copyTextRows } from '../../pg/copy.ts';
import { TargetError } from '../../pg/errors.ts';
import { withLockRetry, type LockRetryPolicy } from '../../pg/lock-retry.ts';
import { executeScript } from '../../pg/query.ts';
import { quoteIdent, quoteQualified } from '../../pg/quote.ts';
import { fileQuery, loadSql } from '../../pg/sql-files.ts';
import { introspect } from '../introspect/introspect.ts';
import type { TableInventory } from '../introspect/inventory.ts';
import { PUSH_MANIFEST, STAGED_AUTH_IDENTITIES, STAGED_AUTH_USERS, STAGING_SCHEMA } from '../staging-layout.ts';
import { DEFAULT_SWAP_TABLES, type QualifiedName } from '../swap-tables.ts';
import { captureTrigger, createStagedTable, finishStatements, productionName, stagedName, stagedSerials, syncSequence } from './clone.ts';
import { courseCheck, failedCheck, loadChecks, loadTable, planChecks, runCheck, stagedChecks, type CheckDef } from './checks.ts';
import { ownershipOf, type Ownership } from './ownership.ts';
import type { PlanSource, PlanTableSource } from './plan-source.ts';
import { writeReport } from './report.ts';

export type PushStep = 'prepare' | 'load' | 'merge' | 'validate' | 'finish';

export interface PushHooks {
  step?(id: PushStep, state: 'start' | 'ok' | 'fail' | 'skip', note?: string): void;
  /** Rows of a plan table loaded so far. */
  progress?(table: PlanTable, done: number, total: number): void;
  /** Throws to stop at a safe point (everything so far rolls back). */
  throwIfCancelled?(): void;
  /** Runs work that Cancel must not interrupt (the COMMIT). */
  critical?<T>(work: () => Promise<T>): Promise<T>;
  /** Last word before COMMIT: throws to roll everything back (the plan changed meanwhile). */
  beforeCommit?(): void;
}

export interface PushOptions {
  /** user@host:port/db, for the result and the report. */
  target: string;
  workspaceId: string;
  tables?: readonly QualifiedName[];
  /** Where the HTML report goes; null: none. */
  reportDir: string | null;
  lockRetry?: Partial<LockRetryPolicy>;
  now?: () => number;
}

/** The order rows are loaded in: parents before children. */
const LOAD_ORDER: readonly PlanTable[] = ['auth_users', 'unified_profiles', 'transactions', 'enrollments', 'affiliates'];
/** The stage was refused by validation: carries the checks to the result. */
class Rejected extends Error {
  constructor(readonly checks: ValidationCheck[]) {
    super('validation failed');
  }
}

export async function pushPlan(client: pg.ClientBase, plan: PlanSource, options: PushOptions, hooks: PushHooks = {}): Promise<PushResult> {
  const now = options.now ?? Date.now;
  const started = now();
  const tables = options.tables ?? DEFAULT_SWAP_TABLES;
  const cancelled = () => hooks.throwIfCancelled?.();
  const critical = hooks.critical ?? (<T>(work: () => Promise<T>) => work());
  const steps: PushStep[] = [];
  const step = async <T>(id: PushStep, work: () => Promise<T>, note?: (value: T) => string | undefined): Promise<T> => {
    steps.push(id);
    hooks.step?.(id, 'start');
    try {
      const value = await work();
      hooks.step?.(id, 'ok', note?.(value));
      return value;
    } catch (err) {
      hooks.step?.(id, 'fail', err instanceof Rejected ? 'validation found errors' : err instanceof Error ? err.message : String(err));
      throw err;
    }
  };
  const run = (sql: string, params: readonly unknown[] = []) => client.query(sql, params as unknown[]);
  const checks: ValidationCheck[] = [];
  const counts = new Map<string, { rows: number; matched: number; added: number; kept: number }>();
  let copyMs = 0;
  let copyRowsTotal = 0;
  let frozenAt: number | null = null;
  let authUsers = { added: 0, kept: 0, identities: 0 };
  let triggers: string[] = [];

  const { inventory, owners, planTables, currentUser } = await step('prepare', async () => {
    const inventory = await introspect(client, tables);
    if (inventory.unsupported.length) {
      throw new TargetError('other', `Cannot stage ${inventory.unsupported.map((u) => `${u.object}: ${u.reason}`).join('; ')}.`);
    }
    const byName = new Map(inventory.tables.map((t) => [t.name, t]));
    const planTables = new Map(plan.tables.map((p) => [p.table, p]));
    const owners: Ownership[] = [];
    for (const t of inventory.tables) owners.push(ownershipOf(t, planTables.get(t.name as PlanTable)?.columns ?? []));
    for (const p of plan.tables) {
      if (p.table !== 'auth_users' && !byName.has(p.table)) throw new TargetError('other', `The plan has rows for ${p.table}, which is not among the tables the cutover swaps.`);
    }
    const currentUser = (await run('SELECT current_user AS u')).rows[0].u as string;
    return { inventory, owners, planTables, currentUser };
  });
  const stagedSet = new Set(inventory.tables.map((t) => `${t.schema}.${t.name}`));
  const stagedOf = (t: TableInventory) => stagedName(t);

  await run('BEGIN');
  try {
    await step(
      'load',
      async () => {
        await run("SELECT set_config('statement_timeout', '0', true), set_config('idle_in_transaction_session_timeout', '0', true)");
        // The load tables are temporary: room for them in memory rather than evicted to disk
        // (settable only before the session's first temporary table).
        await run("SELECT CASE WHEN pg_my_temp_schema() = 0 THEN set_config('temp_buffers', '256MB', true) END");
        await run("SELECT set_config('lock_timeout', $1, true)", [`${options.lockRetry?.lockTimeoutMs ?? 5_000}ms`]);
        const old = [PUSH_MANIFEST, STAGED_AUTH_IDENTITIES, STAGED_AUTH_USERS, ...inventory.tables.map((t) => t.name)].map((n) => quoteQualified(STAGING_SCHEMA, n));
        await run(`DROP TABLE IF EXISTS ${old.join(', ')}`);
        await executeScript(client, loadSql('push/staging-schema'));
        for (const t of inventory.tables) {
          await run(createStagedTable(t));
          for (const sql of stagedSerials(t)) await run(sql);
        }
        for (const name of LOAD_ORDER) {
          cancelled();
          const source: PlanTableSource = planTables.get(name) ?? { table: name, columns: [], count: 0, rows: () => [] };
          const columns = ['plan_key', ...source.columns];
          await run(`CREATE TEMP TABLE ${quoteIdent(`load_${name}`)} (${columns.map((c) => `${quoteIdent(c)} text`).join(', ')}) ON COMMIT DROP`);
          hooks.progress?.(name, 0, source.count);
          const copyStarted = now();
          // The load tables are all text: binary COPY, no escaping here, less parsing there.
          const n = await copyTextRows(client, { schema: 'pg_temp', table: `load_${name}` }, columns, source.rows(), {
            onRows: (done) => {
              hooks.progress?.(name, done, source.count);
              cancelled();
            },
          });
          copyMs += now() - copyStarted;
          copyRowsTotal += n;
          await run(`ANALYZE ${loadTable(name)}`);
        }
      },
      () => `${copyRowsTotal.toLocaleString('en-US')} plan rows in ${(copyMs / 1000).toFixed(1)} s`,
    );

    cancelled();
    await step(
      'merge',
      async () => {
        // Production's swapped tables and what their FKs reference, in one statement and a fixed
        // order (no deadlock with another locker), each attempt bounded by lock_timeout.
        const referenced = new Set<string>();
        for (const t of inventory.tables) for (const c of t.constraints) if (c.foreignKey && !stagedSet.has(c.foreignKey.table)) referenced.add(c.foreignKey.table);
        const locked = [...inventory.tables.map(productionName), ...[...referenced].sort()];
        const policy = { lockTimeoutMs: 500, ...options.lockRetry };
        await withLockRetry(async (n) => {
          await run(`SAVEPOINT lock_${n}`);
          try {
            await run("SELECT set_config('lock_timeout', $1, true)", [`${policy.lockTimeoutMs}ms`]);
            await run(`LOCK TABLE ${locked.join(', ')} IN SHARE ROW EXCLUSIVE MODE`);
            await run(`RELEASE SAVEPOINT lock_${n}`);
          } catch (err) {
            await run(`ROLLBACK TO SAVEPOINT lock_${n}`).catch(() => undefined);
            throw err;
          }
        }, policy);
        frozenAt = now();
        await executeScript(client, loadSql('push/capture'));
        triggers = [];
        for (const o of owners) {
          await run(captureTrigger(o.table, o.key));
          triggers.push(`${o.table.schema}.${o.table.name}`);
        }
        await executeScript(client, loadSql('push/map-users'));
        await executeScript(client, loadSql('push/map-rows'));
        const before: CheckDef[] = [courseCheck(), ...owners.flatMap(loadChecks)];
        for (const def of before) checks.push(await runCheck(client, def));
        if (checks.some((c) => !c.passed && c.severity === 'error')) throw new Rejected(checks);
        for (const o of owners) {
          for (const q of o.table.sequences) await run(syncSequence(q), [`${STAGING_SCHEMA}.${o.table.name}`, q.column]);
          counts.set(o.table.name, await merge(client, o));
        }
        await executeScript(client, loadSql('push/auth-staging'));
        const auth = (await run(`SELECT (SELECT count(*) FROM ${quoteQualified(STAGING_SCHEMA, STAGED_AUTH_USERS)}) AS added, (SELECT count(*) FROM pg_temp.user_map WHERE existing) AS kept, (SELECT count(*) FROM ${quoteQualified(STAGING_SCHEMA, STAGED_AUTH_IDENTITIES)}) AS identities`)).rows[0] as Record<string, string>;
        authUsers = { added: Number(auth.added), kept: Number(auth.kept), identities: Number(auth.identities) };
      },
      () => [...counts].map(([t, c]) => `${t}: ${c.matched} matched, ${c.added} new, ${c.kept} kept`).join('; '),
    );

    cancelled();
    await step(
      'validate',
      async () => {
        const defs: CheckDef[] = [
          ...owners.flatMap((o) => stagedChecks(o, stagedSet)),
          ...planChecks({ controlTotals: plan.controlTotals, timeZone: plan.timeZone, statusVocabulary: plan.statusVocabulary, approvedAmount: centavosToDecimal(plan.approved.amountMinor) }),
        ];
        for (const def of defs) {
          cancelled();
          checks.push(await runCheck(client, def));
        }
        if (checks.some((c) => !c.passed && c.severity === 'error')) throw new Rejected(checks);
      },
      () => `${checks.length} checks passed${checks.some((c) => !c.passed) ? ` (${checks.filter((c) => !c.passed).length} warnings)` : ''}`,
    );

    cancelled();
    await step('finish', async () => {
      const seqNames = new Map<string, Map<string, string>>();
      for (const t of inventory.tables) {
        const m = new Map<string, string>();
        for (const q of t.sequences) m.set(q.column, (await run('SELECT pg_get_serial_sequence($1, $2) AS s', [`${STAGING_SCHEMA}.${t.name}`, q.column])).rows[0].s as string);
        seqNames.set(t.name, m);
      }
      const finish = inventory.tables.map((t) => finishStatements(t, stagedSet, currentUser, seqNames.get(t.name)!));
      try {
        for (const phase of ['keys', 'checks', 'foreignKeys', 'rest'] as const) for (const f of finish) for (const sql of f[phase]) await run(sql);
      } catch (err) {
        // Validation should have caught it; whatever it was, it is a failed check, not a crash.
        checks.push(failedCheck('constraints', 'constraints', "Production's constraints on the staged rows", `Recreating production's constraints on staging failed: ${(err as Error).message}`));
        throw new Rejected(checks);
      }
      for (const t of inventory.tables) await run(`ANALYZE ${stagedOf(t)}`);
      await executeScript(client, loadSql('push/manifest'));
      const staged: Record<string, { rows: number; sums: Record<string, string> }> = {};
      for (const t of inventory.tables) {
        const numeric = t.columns.filter((c) => c.generated === null && /^numeric\b/.test(c.type)).map((c) => c.name);
        const sums = numeric.map((c) => `coalesce(sum(${quoteIdent(c)}), 0)::text AS ${quoteIdent(c)}`);
        const row = (await run(`SELECT count(*) AS _rows${sums.length ? `, ${sums.join(', ')}` : ''} FROM ${stagedOf(t)}`)).rows[0] as Record<string, string>;
        staged[`${t.schema}.${t.name}`] = { rows: Number(row._rows), sums: Object.fromEntries(numeric.map((c) => [c, row[c]!])) };
      }
      const owned = Object.fromEntries(owners.map((o) => [`${o.table.schema}.${o.table.name}`, o.owned]));
      const origins = Object.fromEntries([...counts].map(([t, c]) => [`public.${t}`, c]));
      const validation = { errors: 0, warnings: checks.filter((c) => !c.passed).length, checks: checks.map((c) => ({ id: c.id, severity: c.severity, passed: c.passed, failed: c.failed })) };
      const insert = fileQuery('push/manifest-insert', [
        plan.sha256,
        JSON.stringify(staged),
        JSON.stringify(owned),
        plan.approvedBy,
        plan.approvedAt,
        options.workspaceId,
        JSON.stringify({ ...origins, 'auth.users': authUsers }),
        JSON.stringify(plan.controlTotals),
        JSON.stringify(validation),
      ]);
      await run(insert.sql, insert.params);
      hooks.beforeCommit?.();
      await critical(() => run('COMMIT'));
    });
  } catch (err) {
    await run('ROLLBACK').catch(() => undefined);
    for (const id of ['load', 'merge', 'validate', 'finish'] as const) if (!steps.includes(id)) hooks.step?.(id, 'skip', 'not run: the push stopped before it');
    if (!(err instanceof Rejected)) throw err instanceof CutoverError ? err : new TargetError('other', `The push failed and was rolled back: ${err instanceof Error ? err.message : String(err)}`);
    return result('rejected');
  }
  return result('pushed');

  function result(outcome: PushResult['outcome']): PushResult {
    const at = new Date(now()).toISOString();
    const errorsFound = checks.filter((c) => !c.passed && c.severity === 'error').length;
    const reportFile = options.reportDir ? writeReport(options.reportDir, { at, target: options.target, planSha256: plan.sha256, approvedBy: plan.approvedBy, outcome, checks }) : null;
    const finished = now();
    return {
      outcome,
      target: options.target,
      planSha256: plan.sha256,
      tables: [...counts].map(([table, c]) => ({ table: `public.${table}`, ...c })),
      authUsers,
      captureTriggers: outcome === 'pushed' ? triggers : [],
      validation: { at, passed: errorsFound === 0 && outcome === 'pushed', errors: errorsFound, warnings: checks.filter((c) => !c.passed && c.severity === 'warn').length, checks, reportFile },
      timings: { totalMs: finished - started, copyMs, copyRows: copyRowsTotal, writeFreezeMs: frozenAt === null ? 0 : finished - frozenAt },
    };
  }
}

/**
 * The staged table's rows: plan rows that match a production row (production-owned columns from
 * it), plan rows new to production (production-owned columns at their defaults), and production
 * rows no plan row covers, kept as they are.
 */
async function merge(client: pg.ClientBase, o: Ownership): Promise<{ rows: number; matched: number; added: number; kept: number }> {
  const t = o.table;
  const target = stagedName(t);
  const prod = productionName(t);
  const load = loadTable(t.name);
  const insertable = t.columns.filter((c) => c.generated === null);
  const all = insertable.map((c) => quoteIdent(c.name)).join(', ');
  const on = o.key.map((k) => `p.${quoteIdent(k)} = l.${quoteIdent(k)}::${t.columns.find((c) => c.name === k)!.type}`).join(' AND ');
  const value = (name: string, type: string) => (o.owned.includes(name) && !o.key.includes(name) ? `l.${quoteIdent(name)}::${type}` : `p.${quoteIdent(name)}`);
  let matched = 0;
  let added = 0;
  if (!o.owned.length) {
    // The plan owns nothing here: the table is production's as it is.
    const kept = (await client.query(`INSERT INTO ${target} (${all}) OVERRIDING SYSTEM VALUE SELECT ${insertable.map((c) => `p.${quoteIdent(c.name)}`).join(', ')} FROM ${prod} p`)).rowCount ?? 0;
    return { rows: kept, matched: 0, added: 0, kept };
  }
  {
    matched = (await client.query(`INSERT INTO ${target} (${all}) OVERRIDING SYSTEM VALUE SELECT ${insertable.map((c) => value(c.name, c.type)).join(', ')} FROM ${load} l JOIN ${prod} p ON ${on}`)).rowCount ?? 0;
    const owned = insertable.filter((c) => o.owned.includes(c.name));
    added =
      (await client.query(
        `INSERT INTO ${target} (${owned.map((c) => quoteIdent(c.name)).join(', ')}) OVERRIDING SYSTEM VALUE SELECT ${owned.map((c) => `l.${quoteIdent(c.name)}::${c.type}`).join(', ')} FROM ${load} l WHERE NOT EXISTS (SELECT 1 FROM ${prod} p WHERE ${on})`,
      )).rowCount ?? 0;
  }
  const kept = (await client.query(`INSERT INTO ${target} (${all}) OVERRIDING SYSTEM VALUE SELECT ${insertable.map((c) => `p.${quoteIdent(c.name)}`).join(', ')} FROM ${prod} p WHERE NOT EXISTS (SELECT 1 FROM ${load} l WHERE ${on})`)).rowCount ?? 0;
  return { rows: matched + added + kept, matched, added, kept };
}

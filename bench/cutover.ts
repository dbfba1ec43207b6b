// The cutover: the demo production with the real push of the demo plan beside it, at scale 1 and
// at scale 40, each cut over from a fresh clone. lock_hold: from the moment every lock is held to
// COMMIT (the time the live app waits at most beyond one lock_timeout), median of REPS runs.
// Baseline, same run: a DELETE + INSERT cutover of the same data (the swapped tables emptied and
// refilled from staging under the same locks, foreign-key and capture triggers off, one
// transaction), on fresh clones of the same scale-40 database. Then the cutover under load: 16
// clients reading and writing the swapped tables and their children, and a reader holding a lock
// on one for 5 s when the cutover starts locking (electron/engine/testing/cutover-load.ts).
import { loadavg } from 'node:os';
import type pg from 'pg';
import { withClient } from '../electron/engine/pg/client.ts';
import { quoteQualified } from '../electron/engine/pg/quote.ts';
import { createTestDatabase, dropTestDatabase, type TestDatabase, type TestTemplate } from '../electron/engine/pg/testing.ts';
import { closeDemoPlanSources, cutoverRequest, pushedDemoTemplate } from '../electron/engine/testing/cutover.ts';
import { underLoad } from '../electron/engine/testing/cutover-load.ts';
import { runSwap, type SwapResult } from '../electron/engine/cutover/execute.ts';
import { DEFAULT_SWAP_TABLES } from '../electron/engine/target/swap-tables.ts';
import { STAGING_SCHEMA } from '../electron/engine/target/staging-layout.ts';
import type { BenchResult } from './support/report.ts';

const REPS = 3;
const LOCK_TIMEOUT_MS = 200;
const log = (line: string) => console.error(`[cutover bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function onClone<T>(template: TestTemplate, fn: (db: TestDatabase) => Promise<T>): Promise<T> {
  const db = await createTestDatabase({ template });
  try {
    return await fn(db);
  } finally {
    await dropTestDatabase(db);
  }
}

const cutover = (c: pg.ClientBase) => runSwap(c, cutoverRequest(), { lockRetry: { lockTimeoutMs: LOCK_TIMEOUT_MS, deadlineMs: 60_000, maxAttempts: 500 } });

async function ours(template: TestTemplate, label: string): Promise<SwapResult[]> {
  const runs: SwapResult[] = [];
  for (let i = 0; i < REPS; i++) {
    runs.push(await onClone(template, (db) => withClient(db.urlAs('postgres'), cutover)));
    log(`${label} run ${i + 1}: locks held ${runs.at(-1)!.lockHoldMs} ms (${steps(runs.at(-1)!)})`);
  }
  return runs;
}

/** The naive cutover: under the same locks, each swapped table emptied and refilled from its staged twin. */
async function deleteInsert(c: pg.ClientBase): Promise<number> {
  const tables = DEFAULT_SWAP_TABLES.map((t) => ({ live: quoteQualified(t.schema, t.name), staged: quoteQualified(STAGING_SCHEMA, t.name), name: t.name, schema: t.schema }));
  const columns = new Map<string, string>();
  for (const t of tables) {
    // The columns both have, generated ones aside (as a hand-written migration would copy them).
    const r = await c.query(
      `SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) AS cols
         FROM pg_attribute a JOIN pg_attribute b ON b.attname = a.attname AND b.attrelid = to_regclass($2) AND b.attnum > 0 AND NOT b.attisdropped
        WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''`,
      [t.live, t.staged],
    );
    columns.set(t.name, r.rows[0].cols as string);
  }
  await c.query('BEGIN');
  await c.query(`SET LOCAL session_replication_role = replica`);
  const held = performance.now();
  await c.query(`LOCK TABLE ${tables.map((t) => t.live).join(', ')} IN ACCESS EXCLUSIVE MODE`);
  for (const t of [...tables].reverse()) await c.query(`DELETE FROM ${t.live}`);
  for (const t of tables) {
    const cols = columns.get(t.name)!;
    await c.query(`INSERT INTO ${t.live} (${cols}) OVERRIDING SYSTEM VALUE SELECT ${cols} FROM ${t.staged}`);
  }
  await c.query('COMMIT');
  return Math.round((performance.now() - held) * 10) / 10;
}

const steps = (r: SwapResult) =>
  Object.entries(r.stepMs)
    .filter(([id]) => id !== 'prepare' && id !== 'lock')
    .map(([id, v]) => `${id} ${Math.round(v ?? 0)}`)
    .join(', ');

const rows = async (template: TestTemplate) =>
  onClone(template, (db) =>
    withClient(db.url, async (c) => {
      const out: string[] = [];
      for (const t of DEFAULT_SWAP_TABLES) out.push(`${t.name} ${Number((await c.query(`SELECT count(*) AS n FROM ${quoteQualified(t.schema, t.name)}`)).rows[0].n).toLocaleString('en-US')}`);
      return out.join(', ');
    }),
  );

export async function run(args: string[]): Promise<BenchResult> {
  const bigScale = Number(args[0] ?? '40');
  const small = pushedDemoTemplate({ scale: 1 });
  const big = pushedDemoTemplate({ scale: bigScale });
  log('building scale 1 (demo production, seed, reconcile, push)');
  const smallRows = await rows(small);
  log(`building scale ${bigScale}`);
  const bigRows = await rows(big);
  await closeDemoPlanSources();

  const at1 = await ours(small, 'scale 1');
  const atBig = await ours(big, `scale ${bigScale}`);
  const naive: number[] = [];
  for (let i = 0; i < REPS; i++) {
    naive.push(await onClone(big, (db) => withClient(db.url, deleteInsert)));
    log(`scale ${bigScale} DELETE + INSERT run ${i + 1}: locks held ${naive.at(-1)} ms`);
  }

  log(`scale ${bigScale} under load: 16 clients, a reader holding a lock for 5 s when the cutover starts locking`);
  const loadBefore = loadavg()[0]!;
  // When each step started (epoch ms, as the load's clients stamp their transactions).
  const stepsStarted: { id: string; at: number }[] = [];
  const loaded = await onClone(big, (db) =>
    underLoad(db.urlAs('postgres'), (startReader) =>
      withClient(db.urlAs('postgres'), (c) =>
        runSwap(c, cutoverRequest(), {
          lockRetry: { lockTimeoutMs: LOCK_TIMEOUT_MS, deadlineMs: 60_000, maxAttempts: 500 },
          onStep: (id, status) => {
            if (status === 'running') stepsStarted.push({ id, at: performance.timeOrigin + performance.now() });
          },
          beforeStep: async (step) => {
            if (step === 'lock') await startReader();
          },
        }),
      ),
    ),
  );
  const loadAfter = loadavg()[0]!;
  const stepAt = (at: number) => stepsStarted.findLast((s) => s.at <= at)?.id ?? 'before the first step';
  const slowest = loaded.slowest.map((t) => `${t.op} ${t.ms} ms (in ${stepAt(t.startedAt)})`).join(', ');
  log(`under load: ${loaded.transactions} client transactions, ${loaded.failed} failed, max latency ${loaded.maxLatencyMs} ms, locks held ${loaded.cutover.lockHoldMs} ms`);

  const hold1 = median(at1.map((r) => r.lockHoldMs));
  const holdBig = median(atBig.map((r) => r.lockHoldMs));
  const naiveBig = median(naive);
  const carried = Object.values(loaded.cutover.carriedCounts).reduce((n, t) => n + Object.values(t).reduce((a, b) => a + b, 0), 0);
  return {
    name: 'cutover',
    figures: {
      lock_hold_scale1_ms: { value: hold1, unit: 'ms', target: 100, better: 'lower' },
      [`lock_hold_scale${bigScale}_ms`]: { value: holdBig, unit: 'ms', target: 100, better: 'lower' },
      lock_hold_growth: { value: holdBig / hold1, unit: '×', target: 1.5, better: 'lower' },
      [`delete_insert_hold_scale${bigScale}_ms`]: { value: naiveBig, unit: 'ms', target: null, better: 'lower' },
      hold_ratio: { value: naiveBig / holdBig, unit: '×', target: null, better: 'higher', baseline: { name: 'DELETE + INSERT hold (ms)', value: naiveBig } },
      client_max_latency_ms: { value: loaded.maxLatencyMs, unit: 'ms', target: 400, better: 'lower' },
      client_failed_tx: { value: loaded.failed, unit: 'tx', target: 0, better: 'lower' },
      lost_writes: { value: loaded.lostWrites, unit: 'writes', target: 0, better: 'lower' },
    },
    notes: [
      `scale 1 rows: ${smallRows}; scale ${bigScale} rows: ${bigRows}`,
      `lock hold, median of ${REPS} cutovers each from a fresh clone, no load: scale 1 ${at1.map((r) => r.lockHoldMs).join(' / ')} ms; scale ${bigScale} ${atBig.map((r) => r.lockHoldMs).join(' / ')} ms`,
      `steps under the lock at scale ${bigScale} (ms, median run): ${steps(atBig.find((r) => r.lockHoldMs === holdBig)!)}`,
      `DELETE + INSERT at scale ${bigScale} (same locks, triggers off, one transaction): ${naive.join(' / ')} ms`,
      `under load at scale ${bigScale}: ${loaded.transactions.toLocaleString('en-US')} client transactions, ${loaded.failed} failed, max latency ${loaded.maxLatencyMs} ms (p99.9 ${loaded.p999LatencyMs} ms; bound ${LOCK_TIMEOUT_MS} ms lock_timeout + ${loaded.cutover.lockHoldMs} ms hold + 100 = ${Math.round(LOCK_TIMEOUT_MS + loaded.cutover.lockHoldMs + 100)} ms), ${loaded.lostWrites} lost writes; the cutover took ${loaded.cutover.lockAttempts} lock attempts over ${Math.round(loaded.cutover.lockWaitMs)} ms (reader held its lock ${loaded.blockerMs} ms), carried ${carried} rows, held the locks ${loaded.cutover.lockHoldMs} ms (${steps(loaded.cutover)})`,
      `under load, the slowest client transactions and the cutover step each started in: ${slowest}`,
      `machine load (1-min average): ${loadBefore.toFixed(2)} before the load run, ${loadAfter.toFixed(2)} after`,
    ],
  };
}

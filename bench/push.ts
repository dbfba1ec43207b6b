// The push: the approved plan into staging in the demo production, through the engine's push job
// (plan checked against the sign-off, COPY into the transaction's load tables, merge with
// production under the capture triggers' lock, validation, constraints, commit), at scale 1 (push
// + validation time) and at scale 40 (COPY rate and peak RSS). Baseline, same run: the same plan
// rows into the same load tables by row-by-row INSERT (a prepared statement, one round trip per
// row, one transaction). Workspaces are seeded, reconciled and signed off in their own processes,
// and each push runs in a fresh process, so its peak RSS is its own.
import type pg from 'pg';
import type { Catalog } from '../shared/api/reconcile.ts';
import type { PushResult } from '../shared/api/target.ts';
import { connectClient } from '../electron/engine/pg/client.ts';
import { quoteIdent } from '../electron/engine/pg/quote.ts';
import { createTestDatabase, dropTestDatabase } from '../electron/engine/pg/testing.ts';
import { demoProductionTemplate } from '../electron/engine/demo/production/testing.ts';
import { sqlitePlanSource } from '../electron/engine/target/push/plan-source.ts';
import { tempDir } from '../electron/engine/testing/engine.ts';
import { openWorkspace } from '../electron/engine/workspace/workspace.ts';
import type { CopyValue } from '../electron/engine/pg/copy.ts';
import type { BenchResult } from './support/report.ts';
import { runChild } from './support/child.ts';


interface Pushed {
  seconds: number;
  peakRssMb: number;
  rssBeforeMb: number;
  result: PushResult;
  planRows: number;
}

/** A workspace at `scale`, signed off, pushed into a fresh demo production of the same scale; `then` runs before they go. */
async function pushAt<T>(scale: number, then: (dir: string, pushed: Pushed, client: pg.Client) => Promise<T>): Promise<T> {
  const dir = tempDir(`cutover-bench-push-${scale}-`);
  const db = await createTestDatabase({ template: demoProductionTemplate({ scale }) });
  try {
    await runChild('seed-process.ts', [String(scale), dir.path]);
    const prep = await runChild('push-prep-process.ts', [dir.path]);
    const pushed = { ...(await runChild('push-process.ts', [dir.path, db.urlAs('postgres')])), planRows: prep.planRows } as unknown as Pushed;
    const client = await connectClient(db.urlAs('postgres'));
    try {
      return await then(dir.path, pushed, client);
    } finally {
      await client.end();
    }
  } finally {
    await dropTestDatabase(db);
    dir.remove();
  }
}

/** The plan's rows into load tables like the push's, one INSERT per row; rows per second. */
async function insertBaseline(dir: string, client: pg.Client): Promise<{ rows: number; seconds: number }> {
  const ws = openWorkspace(dir);
  try {
    const plan = sqlitePlanSource(ws.db, { sha256: '', approvedBy: '', approvedAt: '', rows: 0, amountMinor: 0, timeZone: 'Asia/Manila', catalog: { statuses: {} } as Catalog });
    await client.query('BEGIN');
    let rows = 0;
    const started = performance.now();
    for (const t of plan.tables) {
      const columns = ['plan_key', ...t.columns];
      const table = quoteIdent(`baseline_${t.table}`);
      await client.query(`CREATE TEMP TABLE ${table} (${columns.map((c) => `${quoteIdent(c)} text`).join(', ')}) ON COMMIT DROP`);
      const text = `INSERT INTO ${table} VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`;
      for (const row of t.rows() as Iterable<readonly CopyValue[]>) {
        const values = row.map((v) => (v === null || v === undefined ? null : typeof v === 'object' ? (Array.isArray(v) ? `{${v.map((s) => JSON.stringify(s)).join(',')}}` : JSON.stringify(v)) : String(v)));
        await client.query({ name: `baseline_${t.table}`, text, values });
        rows++;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    await client.query('ROLLBACK');
    return { rows, seconds };
  } finally {
    ws.close();
  }
}

export async function run(args: string[]): Promise<BenchResult> {
  const bigScale = Number(args[0] ?? '40');
  const small = await pushAt(1, async (_dir, pushed) => pushed);
  const big = await pushAt(bigScale, async (dir, pushed, client) => ({ pushed, insert: await insertBaseline(dir, client) }));
  const t = big.pushed.result.timings;
  const copyRate = t.copyRows / (t.copyMs / 1000);
  const insertRate = big.insert.rows / big.insert.seconds;
  const table = (p: Pushed) => p.result.tables.map((x) => `${x.table} ${x.rows.toLocaleString('en-US')} (${x.matched} matched, ${x.added} new, ${x.kept} kept)`).join('; ');
  const steps = (p: Record<string, unknown>) => ((p as unknown as { steps: { id: string; startedAt: string; finishedAt: string }[] }).steps ?? []).map((s) => `${s.id} ${((Date.parse(s.finishedAt) - Date.parse(s.startedAt)) / 1000).toFixed(1)} s`).join(', ');
  if (small.result.outcome !== 'pushed' || big.pushed.result.outcome !== 'pushed') throw new Error('a push was rejected by its validation');
  return {
    name: 'push',
    figures: {
      copy_rows_per_s: { value: copyRate, unit: 'rows/s', target: 150_000, better: 'higher', baseline: { name: 'row-by-row INSERT (rows/s)', value: insertRate } },
      insert_rows_per_s: { value: insertRate, unit: 'rows/s', target: null, better: 'higher' },
      copy_ratio: { value: copyRate / insertRate, unit: '×', target: null, better: 'higher' },
      push_validate_scale1_s: { value: small.seconds, unit: 's', target: 5, better: 'lower' },
      push_peak_rss_mb: { value: big.pushed.peakRssMb, unit: 'MB', target: 500, better: 'lower' },
    },
    notes: [
      `scale 1: ${small.planRows.toLocaleString('en-US')} plan rows; ${table(small)}; ${small.result.validation.checks.length} checks, ${small.result.validation.warnings} warnings; steps: ${steps(small as unknown as Record<string, unknown>)}; production writes refused for ${(small.result.timings.writeFreezeMs / 1000).toFixed(2)} s`,
      `scale ${bigScale}: ${big.pushed.planRows.toLocaleString('en-US')} plan rows; ${table(big.pushed)}; push ${big.pushed.seconds.toFixed(1)} s; steps: ${steps(big.pushed as unknown as Record<string, unknown>)}; production writes refused for ${(t.writeFreezeMs / 1000).toFixed(1)} s`,
      `copy_rows_per_s: the push job's COPY of ${t.copyRows.toLocaleString('en-US')} plan rows (read from the cache, encoded, streamed) into the transaction's load tables, ${(t.copyMs / 1000).toFixed(2)} s`,
      `insert_rows_per_s: the same ${big.insert.rows.toLocaleString('en-US')} rows into the same tables by a prepared INSERT per row in one transaction, ${big.insert.seconds.toFixed(1)} s`,
      `push_peak_rss_mb: the push process's VmHWM (engine, plan export for the sign-off check, COPY); ${big.pushed.rssBeforeMb.toFixed(0)} MB before the push started`,
    ],
  };
}

// Whether two checkouts' full recomputes give the same derived tables and the same plan export.
// Each run copies a seeded workspace (bench/support/seed-process.ts <scale> <dir>) and, with the
// checkout under test (--root), recomputes it from empty tables, recomputes it again over the
// tables the first left, imports a decision set (the incremental path), and recomputes once more
// with those decisions replayed. After each phase it prints a digest of every recon_* and plan_*
// table (rows in the order of all their columns, so the order they were written in does not
// count) and the plan export's SHA-256.
//
//   node --import tsx bench/support/reconcile-equivalence.ts decisions <seeded dir> <out.json> [--root R]
//     makes a decision set of every record-level kind, from a recompute of the seeded workspace;
//   node --import tsx bench/support/reconcile-equivalence.ts digest <seeded dir> <decisions.json> [--root R]
//     prints the digests as one JSON line (compare two checkouts' lines with `diff`).
//
// Left out: recon_meta (when it was computed, the version), recon_actions and recon_decisions
// (the log, whose action ids an import draws afresh).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type Database from 'better-sqlite3';
// Types only: each run loads the engine from the checkout it measures.
import type * as EngineTypes from '../../electron/engine/engine.ts';

type Engine = EngineTypes.Engine;
const thisRoot = resolve(fileURLToPath(import.meta.url), '../../..');
const [mode, seeded, file] = process.argv.slice(2) as ['decisions' | 'digest', string, string];
const rootAt = process.argv.indexOf('--root');
const root = rootAt >= 0 ? resolve(process.argv[rootAt + 1]!) : thisRoot;
const { createEngine } = (await import(pathToFileURL(join(root, 'electron/engine/engine.ts')).href)) as typeof EngineTypes;

async function call(engine: Engine, name: string, input: unknown): Promise<Record<string, unknown>> {
  const out = (await engine.call(name as never, input as never)) as { ok: boolean; result?: unknown; error?: { code: string; message: string } };
  if (!out.ok) throw new Error(`${name}: ${out.error!.code}: ${out.error!.message}`);
  return out.result as Record<string, unknown>;
}

async function recompute(engine: Engine): Promise<number> {
  const started = performance.now();
  const { jobId } = (await call(engine, 'reconcile-recompute', {})) as { jobId: string };
  const job = await engine.context.jobs.wait(jobId, 3_600_000);
  if (job.state !== 'done') throw new Error(`recompute ${job.state}`);
  return (performance.now() - started) / 1000;
}

const rows = async (engine: Engine, procedure: string, filters: unknown[], limit: number) =>
  ((await call(engine, procedure, { filters, limit, withTotals: false })).rows as Record<string, unknown>[]);

function digests(db: Database.Database): Record<string, string> {
  const tables = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND (name LIKE 'recon\\_%' ESCAPE '\\' OR name LIKE 'plan\\_%' ESCAPE '\\') ORDER BY name")
    .pluck()
    .all() as string[];
  const out: Record<string, string> = {};
  for (const t of tables) {
    if (['recon_meta', 'recon_actions', 'recon_decisions'].includes(t)) continue;
    const n = (db.prepare(`SELECT * FROM "${t}" LIMIT 0`).columns()).length;
    const hash = createHash('sha256');
    let count = 0;
    const order = Array.from({ length: n }, (_, i) => i + 1).join(', ');
    for (const r of db.prepare(`SELECT * FROM "${t}" ORDER BY ${order}`).raw().iterate()) {
      hash.update(JSON.stringify(r));
      hash.update('\n');
      count++;
    }
    out[t] = `${count}:${hash.digest('hex').slice(0, 16)}`;
  }
  return out;
}

const work = mkdtempSync(join(tmpdir(), 'cutover-recon-eq-'));
try {
  cpSync(seeded, work, { recursive: true });
  const engine = createEngine({ dataDir: work, host: 'cli' });
  const db = engine.context.workspace.db;
  const plan = async () => (await call(engine, 'reconcile-plan-export', { content: false })).sha256 as string;
  if (mode === 'decisions') {
    await recompute(engine);
    const manual = await rows(engine, 'reconcile-findings', [{ column: 'queue', op: 'eq', value: 'manual-p2p' }], 30);
    const invalid = await rows(engine, 'reconcile-findings', [{ column: 'queue', op: 'eq', value: 'invalid-email' }], 5);
    const pairs = await rows(engine, 'reconcile-suggestions', [{ column: 'likely', op: 'eq', value: true }], 40);
    const paid = await rows(engine, 'reconcile-payments', [{ column: 'inPlan', op: 'eq', value: true }], 40);
    const decisions = [
      ...manual.slice(0, 20).map((f) => ({ kind: 'resolve', finding: f.id, value: 'approve' })),
      ...manual.slice(20, 30).map((f) => ({ kind: 'resolve', finding: f.id, value: 'reject' })),
      ...pairs.slice(0, 20).map((s) => ({ kind: 'merge', a: s.personA, b: s.personB })),
      ...pairs.slice(20, 40).map((s) => ({ kind: 'decline', a: s.personA, b: s.personB })),
      ...paid.slice(0, 10).map((p) => ({ kind: 'mark-test', record: p.id, value: true })),
      ...paid.slice(10, 20).map((p) => ({ kind: 'exclude', record: p.id, value: true })),
      ...paid.slice(20, 30).map((p) => ({ kind: 'set-product', record: p.id, value: 'other' })),
      ...paid.slice(30, 35).map((p) => ({ kind: 'split', record: p.id })),
      ...invalid.map((f, i) => ({ kind: 'edit-field', record: (f.records as string[])[0], field: 'email', value: `fixed${i}@example.com` })),
    ];
    // One decision per call, as a reviewer makes them; one the engine refuses (a split of a
    // person's only record) is left out.
    let refused = 0;
    for (const d of decisions) {
      const out = (await engine.call('reconcile-decide' as never, { decisions: [d] } as never)) as { ok: boolean };
      if (!out.ok) refused++;
    }
    writeFileSync(file, JSON.stringify(await call(engine, 'reconcile-decisions-export', {})));
    process.stdout.write(`${JSON.stringify({ decisions: decisions.length - refused, refused })}\n`);
  } else {
    const out: Record<string, unknown> = {};
    const seconds: number[] = [];
    seconds.push(await recompute(engine));
    out.first = { ...digests(db), plan: await plan() };
    seconds.push(await recompute(engine));
    out.again = { ...digests(db), plan: await plan() };
    const report = await call(engine, 'reconcile-decisions-import', { content: readFileSync(file, 'utf8') });
    out.imported = { ...digests(db), plan: await plan(), report: { ...report, actionId: null, recomputeJobId: null } };
    seconds.push(await recompute(engine));
    out.replayed = { ...digests(db), plan: await plan() };
    // Times only to see what ran; figures come from the bench.
    const peak = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;
    process.stderr.write(`recompute runs ${JSON.stringify(seconds.map((s) => Math.round(s * 100) / 100))} s, peak RSS ${Math.round(peak)} MB\n`);
    process.stdout.write(`${JSON.stringify(out)}\n`);
  }
  await engine.close();
} finally {
  rmSync(work, { recursive: true, force: true });
}

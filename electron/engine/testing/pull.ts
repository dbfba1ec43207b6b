// Test support for pulls: a generated dataset served by the simulator, an engine connected to
// it, and comparisons of the cache against what the simulator holds.
import type Database from 'better-sqlite3';
import { isJobOf, type JobOf } from '../../../shared/api/jobs.ts';
import type { StreamId } from '../../../shared/api/sources.ts';
import { generateDataset, type DemoDataset } from '../demo/generator/index.ts';
import { startSimulator, type Simulator, type SimulatorOptions } from '../demo/simulator/index.ts';
import { createEngine, type Engine } from '../engine.ts';
import { tempDir } from './engine.ts';
import { streamDefs } from '../sources/ingest/streams.ts';

export interface PullFixture {
  dataset: DemoDataset;
  simulator: Simulator;
  engine: Engine;
  dataDir: string;
  db: Database.Database;
  pull(mode?: 'auto' | 'full'): Promise<JobOf<'pull'>>;
  close(): Promise<void>;
}

export async function pullFixture(opts: { scale: number; seed?: number } & Omit<SimulatorOptions, 'dataset'>): Promise<PullFixture> {
  const { scale, seed = 1, ...simOptions } = opts;
  const dataset = generateDataset({ seed, scale });
  const simulator = await startSimulator({ rateLimits: false, ...simOptions, dataset });
  const dir = tempDir('cutover-pull-');
  const engine = createEngine({ dataDir: dir.path, host: 'cli' });
  await connectTo(engine, simulator.url, simulator.keys);
  return {
    dataset,
    simulator,
    engine,
    dataDir: dir.path,
    db: engine.context.workspace.db,
    pull: (mode = 'auto') => pullAndWait(engine, mode),
    async close() {
      await engine.close();
      await simulator.close();
      dir.remove();
    },
  };
}

/** Points both sources of an engine at one server (the simulator). */
export async function connectTo(engine: Engine, url: string, keys: { xendit: string; systeme: string }): Promise<void> {
  const set = await engine.call('connection-set', {
    xendit: { baseUrl: url, secretKey: keys.xendit },
    systeme: { baseUrl: url, apiKey: keys.systeme },
  });
  if (!set.ok) throw new Error(set.error.message);
}

/** Starts a pull and waits for it to end, however it ends. */
export async function pullAndWait(engine: Engine, mode: 'auto' | 'full' = 'auto'): Promise<JobOf<'pull'>> {
  const out = await engine.call('pull-start', { mode });
  if (!out.ok) throw new Error(out.error.message);
  const job = await engine.context.jobs.wait(out.result.jobId, 3_600_000);
  if (!isJobOf(job, 'pull')) throw new Error(`expected a pull job, got ${job.kind}`);
  return job;
}

const tables = Object.fromEntries(Object.values(streamDefs).map((d) => [d.stream, d.table])) as Record<StreamId, string>;

/** Live records in the cache: id → verbatim JSON. */
export function cached(db: Database.Database, stream: StreamId): Map<string, string> {
  const where = streamDefs[stream].deletable ? ' WHERE deleted_at IS NULL' : '';
  const rows = db.prepare(`SELECT CAST(id AS TEXT) AS id, raw FROM ${tables[stream]}${where}`).all() as { id: string; raw: string }[];
  return new Map(rows.map((r) => [r.id, r.raw]));
}

export function revisions(db: Database.Database, stream: StreamId): Map<string, number> {
  const rows = db.prepare(`SELECT CAST(id AS TEXT) AS id, revision FROM ${tables[stream]}`).all() as { id: string; revision: number }[];
  return new Map(rows.map((r) => [r.id, r.revision]));
}

/** What the source holds now, per stream: id → the JSON it serves (malformed records left out). */
export function expected(simulator: Simulator): Record<StreamId, Map<string, string>> {
  const snap = simulator.snapshot();
  const bad = simulator.malformedIds();
  const pick = <R extends { id: string | number }>(records: R[], skip: (string | number)[]) => {
    const skipSet = new Set(skip.map(String));
    return new Map(records.filter((r) => !skipSet.has(String(r.id))).map((r) => [String(r.id), JSON.stringify(r)]));
  };
  return {
    'xendit-invoices': pick(snap.invoices, bad.invoices),
    'xendit-transactions': pick(snap.transactions, bad.transactions),
    'xendit-refunds': pick(snap.refunds, bad.refunds),
    'systeme-contacts': pick(snap.contacts, bad.contacts),
    'systeme-tags': pick(snap.tags, bad.tags),
  };
}

export const allStreams = Object.keys(streamDefs) as StreamId[];

export interface StreamDiff {
  stream: StreamId;
  missing: string[];
  extra: string[];
  stale: string[];
}

/** Records that differ between the cache and the source, per stream. */
export function diffIds(db: Database.Database, simulator: Simulator, streams = allStreams): StreamDiff[] {
  const want = expected(simulator);
  return streams.map((stream) => {
    const have = cached(db, stream);
    const exp = want[stream];
    return {
      stream,
      missing: [...exp.keys()].filter((id) => !have.has(id)),
      extra: [...have.keys()].filter((id) => !exp.has(id)),
      stale: [...exp.keys()].filter((id) => have.has(id) && have.get(id) !== exp.get(id)),
    };
  });
}

/** Differences between the cache and the source, described (empty when they match exactly). */
export function differences(db: Database.Database, simulator: Simulator, streams = allStreams): string[] {
  const out: string[] = [];
  for (const d of diffIds(db, simulator, streams)) {
    for (const kind of ['missing', 'extra', 'stale'] as const) {
      if (d[kind].length) out.push(`${d.stream}: ${d[kind].length} ${kind} (${d[kind].slice(0, 3).join(', ')})`);
    }
  }
  return out;
}

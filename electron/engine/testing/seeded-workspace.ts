// A workspace whose cache is filled straight from the demo generator — no simulator, no HTTP —
// as a complete pull of the demo would leave it. For tests of everything after the pull
// (reconciliation, review queries, the push), which need real cache contents fast.
import type Database from 'better-sqlite3';
import type { StreamId } from '../../../shared/api/sources.ts';
import { generateDataset, type DemoDataset } from '../demo/generator/index.ts';
import { createEngine, type Engine } from '../engine.ts';
import type { HostKind } from '../context.ts';
import { writeConnection, readConnection } from '../sources/connection.ts';
import { RawWriter } from '../sources/ingest/writer.ts';
import { withBulkWrites } from '../workspace/bulk-writes.ts';
import { tempDir } from './engine.ts';

export interface SeededWorkspace {
  dataset: DemoDataset;
  engine: Engine;
  dataDir: string;
  db: Database.Database;
  close(): Promise<void>;
}

const PAGE = 100;
const datasets = new Map<string, DemoDataset>();

/** The generated dataset for (seed, scale), generated once per process. Treat it as read-only. */
export function demoDataset(scale: number, seed = 1): DemoDataset {
  const key = `${seed}:${scale}`;
  let data = datasets.get(key);
  if (!data) datasets.set(key, (data = generateDataset({ seed, scale })));
  return data;
}

/**
 * A fresh workspace holding the demo data at `scale`, marked as a demo workspace with the same
 * seed and scale, so a later pull (which starts the simulator) sees the same data.
 */
export async function seededWorkspace(opts: { scale: number; seed?: number; host?: HostKind }): Promise<SeededWorkspace> {
  const { scale, seed = 1, host = 'cli' } = opts;
  const dataset = demoDataset(scale, seed);
  const dir = tempDir('cutover-seeded-');
  const engine = createEngine({ dataDir: dir.path, host });
  const db = engine.context.workspace.db;
  try {
    await fillCache(db, dataset);
    writeConnection(engine.context, { ...readConnection(engine.context), mode: 'demo', demo: { scale, seed, limits: 'off' } });
  } catch (err) {
    await engine.close();
    dir.remove();
    throw err;
  }
  return {
    dataset,
    engine,
    dataDir: dir.path,
    db,
    async close() {
      await engine.close();
      dir.remove();
    },
  };
}

/** Writes every record of the dataset as API pages, each stream ending with a complete checkpoint. */
export async function fillCache(db: Database.Database, dataset: DemoDataset): Promise<void> {
  const writer = new RawWriter(db);
  const streams: [StreamId, readonly unknown[]][] = [
    ['xendit-invoices', dataset.invoices],
    ['xendit-transactions', dataset.transactions],
    ['xendit-refunds', dataset.refunds],
    ['systeme-tags', dataset.tags],
    ['systeme-contacts', dataset.contacts],
  ];
  const startedAt = new Date().toISOString();
  await withBulkWrites(db, async () => {
    for (const [stream, records] of streams) {
      for (let from = 0; from < records.length; from += PAGE) {
        const last = from + PAGE >= records.length;
        const state = { crawlId: `seeded-${stream}`, mode: 'full', startedAt, phase: 'full', cursor: null, phaseDone: last, pages: 0, records: Math.min(from + PAGE, records.length), changed: 0, quarantined: 0 };
        writer.writePage(stream, records.slice(from, from + PAGE), { now: startedAt, checkpoint: { status: last ? 'complete' : 'partial', state } });
      }
    }
  });
}

// Whether two checkouts' ingest paths leave the same cache. Each writes the same pages into a
// fresh workspace through its own preparer and writer — the generator's pages as a full crawl
// sends them, then pages re-sent unchanged or with changed statuses, a record listed twice on a
// page, invalid and secret-bearing records (during the first load and after it), a second crawl
// that marks unseen contacts deleted and a page that brings one back, and CSV rows beside API
// records — and every table is compared by a digest of its rows, with each page's counts.
//
//   node --import tsx bench/support/ingest-equivalence.ts --against /work/main [--scale 3]
//
// runs this checkout and the other one, each in its own process (--dump ROOT), and exits 1 when
// any table differs. Only `meta` is left out: it holds the workspace's creation time and session.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { StreamId } from '../../shared/api/sources.ts';
import { generateDataset } from '../../electron/engine/demo/generator/index.ts';
// Types only: each run loads these modules from the checkout it measures.
import type Database from 'better-sqlite3';
import type * as WriterTypes from '../../electron/engine/sources/ingest/writer.ts';
import type * as PreparerTypes from '../../electron/engine/sources/ingest/preparer.ts';
import type * as StreamsTypes from '../../electron/engine/sources/ingest/streams.ts';
import type * as WorkspaceTypes from '../../electron/engine/workspace/workspace.ts';
import type * as BulkTypes from '../../electron/engine/workspace/bulk-writes.ts';
import type * as SecretsTypes from '../../electron/engine/secrets.ts';
import type * as TestingTypes from '../../electron/engine/testing/engine.ts';

type WriterModule = typeof WriterTypes;
type PreparerModule = typeof PreparerTypes;
type StreamsModule = typeof StreamsTypes;
type WorkspaceModule = typeof WorkspaceTypes;
type BulkModule = typeof BulkTypes;
type SecretsModule = typeof SecretsTypes;
type TestingModule = typeof TestingTypes;
type Counts = ReturnType<InstanceType<WriterModule['RawWriter']>['writePrepared']>;
type Wire = Record<string, unknown>;

const here = fileURLToPath(import.meta.url);
const thisRoot = resolve(here, '../../..');
const SECRET = 'xnd_development_EquivalenceKey0123456789abcdef';
const NOW = ['2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z'] as const;
const IN_FLIGHT = 4;
/** Records per page: an API page, or a tenth of it for the small streams, so each has several pages. */
const pageSize = (records: number) => (records >= 1_000 ? 100 : 10);
/** Pages each stream holds back from the first load, to arrive as new records once its index exists. */
const heldBack = (pages: number) => Math.min(3, Math.floor(pages / 3));

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function load<T>(root: string, path: string): Promise<T> {
  return (await import(pathToFileURL(join(root, path)).href)) as T;
}

/** A record as the source would send it after it changed: another status (or, for Systeme.io, another flag or name). */
function changed(stream: StreamId, r: Wire, variant: number): Wire {
  const pick = (values: readonly string[]) => values[(values.indexOf(String(r.status)) + variant) % values.length]!;
  const later = (iso: unknown) => new Date(Date.parse(String(iso)) + variant * 3_600_000).toISOString();
  switch (stream) {
    case 'xendit-invoices':
      return { ...r, status: pick(['PENDING', 'PAID', 'SETTLED', 'EXPIRED']), updated: later(r.updated) };
    case 'xendit-transactions':
      return { ...r, status: pick(['PENDING', 'SUCCESS', 'FAILED', 'VOIDED', 'REVERSED']), updated: later(r.updated) };
    case 'xendit-refunds':
      return { ...r, status: pick(['PENDING', 'SUCCEEDED', 'FAILED', 'CANCELLED']), updated: later(r.updated) };
    case 'systeme-contacts':
      return { ...r, unsubscribed: variant % 2 === 1 ? !r.unsubscribed : r.unsubscribed, locale: `v${variant}` };
    case 'systeme-tags':
      return { ...r, name: `${String(r.name)} v${variant}` };
  }
}

/** Records the schema refuses: one without an id, one with a malformed timestamp. */
function invalid(stream: StreamId, r: Wire): Wire[] {
  const time = stream === 'systeme-contacts' ? 'registeredAt' : stream === 'systeme-tags' ? 'createdAt' : 'created';
  return [{ ...r, id: null }, { ...r, [time]: 'yesterday' }];
}

/** A record echoing the key: in an extracted column where the stream has a free-text one, else in a field kept only in the raw JSON. */
function withSecret(stream: StreamId, r: Wire): Wire {
  if (stream === 'xendit-invoices') return { ...r, description: `paid with ${SECRET}` };
  if (stream === 'systeme-tags') return { ...r, name: `tag ${SECRET}` };
  return { ...r, note: `key=${encodeURIComponent(SECRET)}` };
}

interface Digest {
  tables: Record<string, { rows: number; sha: string }>;
  indexes: string;
  counts: string;
}

/** One checkout's run: the scenario written through ROOT's ingest path, then its tables' digests. */
async function dump(root: string, scale: number): Promise<Digest> {
  const { RawWriter } = await load<WriterModule>(root, 'electron/engine/sources/ingest/writer.ts');
  const { PagePreparer } = await load<PreparerModule>(root, 'electron/engine/sources/ingest/preparer.ts');
  const { streamDefs } = await load<StreamsModule>(root, 'electron/engine/sources/ingest/streams.ts');
  const { openWorkspace } = await load<WorkspaceModule>(root, 'electron/engine/workspace/workspace.ts');
  const { withBulkWrites } = await load<BulkModule>(root, 'electron/engine/workspace/bulk-writes.ts');
  const { rememberSecret } = await load<SecretsModule>(root, 'electron/engine/secrets.ts');
  const { tempDir } = await load<TestingModule>(root, 'electron/engine/testing/engine.ts');
  rememberSecret(SECRET);

  const d = generateDataset({ seed: 1, scale });
  const data: [StreamId, Wire[]][] = [
    ['xendit-invoices', d.invoices as unknown as Wire[]],
    ['xendit-transactions', d.transactions as unknown as Wire[]],
    ['xendit-refunds', d.refunds as unknown as Wire[]],
    ['systeme-tags', d.tags as unknown as Wire[]],
    ['systeme-contacts', d.contacts as unknown as Wire[]],
  ];
  const pagesOf = (records: Wire[]) => {
    const size = pageSize(records.length);
    return Array.from({ length: Math.ceil(records.length / size) }, (_, i) => records.slice(i * size, (i + 1) * size));
  };
  const paged = new Map(data.map(([s, records]) => [s, pagesOf(records)]));

  const dir = tempDir('cutover-equivalence-');
  const ws = openWorkspace(dir.path);
  const counts: Counts[] = [];
  try {
    const writer = new RawWriter(ws.db);
    const preparer = new PagePreparer();
    const pageNo = new Map<StreamId, number>();
    const inFlight: { stream: StreamId; n: number; now: string; crawlId: string | undefined; prepared: ReturnType<InstanceType<PreparerModule['PagePreparer']>['prepare']> }[] = [];
    const writeOldest = async () => {
      const { stream, n, now, crawlId, prepared } = inFlight.shift()!;
      counts.push(writer.writePrepared(stream, await prepared, { now, crawlId, checkpoint: { status: 'partial', state: { page: n } } }));
    };
    const drain = async () => {
      while (inFlight.length) await writeOldest();
    };
    /** A page as the pull sends it: its text to the preparer, a few pages in flight. */
    const send = async (stream: StreamId, records: Wire[], now: string, crawlId?: string) => {
      const n = (pageNo.get(stream) ?? 0) + 1;
      pageNo.set(stream, n);
      const text = JSON.stringify(records);
      inFlight.push({ stream, n, now, crawlId, prepared: preparer.prepare(stream, JSON.parse(text) as unknown[], { text, key: null }) });
      if (inFlight.length >= IN_FLIGHT) await writeOldest();
    };
    const crawlOf = (stream: StreamId, crawl: string) => (stream === 'systeme-contacts' ? crawl : undefined);
    /** Re-sent pages: unchanged, every third record changed, a record listed twice (its later form last), invalid and secret-bearing records. */
    const mutations = async (variant: number, now: string) => {
      for (const [stream, pages] of paged) {
        const first = pages[0]!;
        await send(stream, first, now);
        for (let p = variant; p < pages.length - heldBack(pages.length); p += 7) await send(stream, pages[p]!.map((r, i) => (i % 3 === 0 ? changed(stream, r, variant) : r)), now);
        const twice = first[1]!;
        await send(stream, [first[0]!, twice, first[2]!, changed(stream, twice, variant + 1)], now);
        await send(stream, [...invalid(stream, first[3]!), withSecret(stream, first[4]!), ...invalid(stream, first[3]!)], now);
      }
      await drain();
    };

    await withBulkWrites(ws.db, async () => {
      // A full crawl's first load, the streams interleaved as concurrent crawls are.
      for (const [stream] of paged) writer.beginFirstLoad(stream);
      const longest = Math.max(...[...paged.values()].map((p) => p.length));
      for (let p = 0; p < longest; p++) {
        for (const [stream, pages] of paged) if (p < pages.length - heldBack(pages.length)) await send(stream, pages[p]!, NOW[0], crawlOf(stream, 'crawl-1'));
      }
      await drain();
      await mutations(1, NOW[0]);
      for (const [stream] of paged) writer.finishFirstLoad(stream);

      // Indexed from here on: the held-back pages arrive as new records (some written in place), then more changes.
      for (const [stream, pages] of paged) {
        for (const [i, page] of pages.slice(pages.length - heldBack(pages.length)).entries()) {
          if (i === 0) {
            await drain();
            counts.push(writer.writePage(stream, page, { now: NOW[1], checkpoint: { status: 'partial', state: { held: i } } }));
          } else await send(stream, page, NOW[1]);
        }
      }
      await drain();
      await mutations(2, NOW[1]);

      // A second full crawl of contacts misses every tenth page: those contacts are marked deleted; one page comes back.
      const contacts = paged.get('systeme-contacts')!;
      for (const [p, page] of contacts.entries()) if (p % 10 !== 5) await send('systeme-contacts', page, NOW[2], 'crawl-2');
      await drain();
      const marked = writer.markUnseenDeleted('systeme-contacts', 'crawl-2', (n) => ({ status: 'complete', state: { marked: n }, lastChanged: n }), NOW[2]);
      writer.markUnseenDeleted('xendit-invoices', 'crawl-2', (n) => ({ status: 'complete', state: { marked: n } }), NOW[2]);
      counts.push({ inserted: 0, changed: marked, unchanged: 0, quarantined: 0 });
      if (contacts.length > 5) await send('systeme-contacts', contacts[5]!, NOW[2]);
      await drain();

      // CSV rows: those of API records are kept in their API form; new ones inserted, then changed.
      for (const stream of ['xendit-invoices', 'systeme-contacts'] as const) {
        const def = streamDefs[stream];
        const rows = (records: Wire[], tag: string) =>
          records.map((r) => {
            const parsed = def.schema.parse(r);
            return { id: def.id(parsed) as string | number, columns: def.extract(parsed), raw: `csv ${tag}: ${JSON.stringify(r)}` };
          });
        const known = paged.get(stream)![0]!.slice(0, 20);
        const fresh = known.map((r) => ({ ...r, id: typeof r.id === 'number' ? r.id + 10_000_000 : String(r.id).split('').reverse().join('') }));
        counts.push(writer.writeExtracted(stream, rows([...known, ...fresh], 'a'), { now: NOW[2] }));
        counts.push(writer.writeExtracted(stream, rows(fresh.map((r) => changed(stream, r, 3)), 'b'), { now: NOW[2] }));
      }
    });
    await preparer.close();
    return digest(ws.db, counts);
  } finally {
    ws.close();
    dir.remove();
  }
}

function digest(db: Database.Database, counts: Counts[]): Digest {
  const sha = () => createHash('sha256');
  const tables: Digest['tables'] = {};
  const names = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'meta' ORDER BY name").pluck().all() as string[];
  for (const name of names) {
    const h = sha();
    let rows = 0;
    for (const row of db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).raw().iterate()) {
      h.update(JSON.stringify(row)).update('\n');
      rows++;
    }
    tables[name] = { rows, sha: h.digest('hex').slice(0, 16) };
  }
  const indexes = db.prepare("SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'index' ORDER BY name").raw().all();
  return { tables, indexes: sha().update(JSON.stringify(indexes)).digest('hex').slice(0, 16), counts: sha().update(JSON.stringify(counts)).digest('hex').slice(0, 16) };
}

function runDump(root: string, scale: number): Digest {
  const out = spawnSync(process.execPath, ['--import', 'tsx', here, '--dump', root, '--scale', String(scale)], { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] });
  if (out.status !== 0) throw new Error(`the run for ${root} failed (${out.status})`);
  return JSON.parse(out.stdout.trim().split('\n').at(-1)!) as Digest;
}

const scale = Number(option('--scale') ?? '3');
const dumpRoot = option('--dump');
const against = option('--against');
if (dumpRoot) {
  console.log(JSON.stringify(await dump(resolve(dumpRoot), scale)));
  process.exit(0);
} else if (against) {
  const ours = runDump(thisRoot, scale);
  const theirs = runDump(resolve(against), scale);
  let same = ours.indexes === theirs.indexes && ours.counts === theirs.counts;
  console.log(`${'table'.padEnd(26)} ${'rows'.padStart(8)}  ${'this checkout'.padEnd(16)}  ${resolve(against)}`);
  for (const name of new Set([...Object.keys(ours.tables), ...Object.keys(theirs.tables)])) {
    const a = ours.tables[name];
    const b = theirs.tables[name];
    const ok = a !== undefined && b !== undefined && a.rows === b.rows && a.sha === b.sha;
    same &&= ok;
    console.log(`${name.padEnd(26)} ${String(a?.rows ?? '-').padStart(8)}  ${(a?.sha ?? '-').padEnd(16)}  ${b?.sha ?? '-'} ${b && a?.rows !== b.rows ? `(${b.rows} rows)` : ''}${ok ? '' : '  DIFFERS'}`);
  }
  console.log(`indexes ${ours.indexes === theirs.indexes ? 'same' : 'DIFFER'}; page counts ${ours.counts === theirs.counts ? 'same' : 'DIFFER'}`);
  console.log(same ? 'equivalent' : 'NOT equivalent');
  process.exit(same ? 0 : 1);
} else {
  console.error('usage: ingest-equivalence.ts --against <checkout> [--scale N]');
  process.exit(2);
}

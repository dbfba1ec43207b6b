// Ingest at scale 40 (~1.2M records) with no rate limit: API pages streamed from another process
// into a fresh cache through the engine's ingest path (JSON parse; schema validation, hashing and
// extraction on the preparer's worker thread; set-based upsert with a checkpoint per page, each
// page its own commit; the first load of the randomly keyed tables, their id index built at the
// end). Records/s and this process's peak RSS (worker included) are the targets. For context,
// the same data is then pulled over HTTP from the simulator (in another
// process), the whole pull path, which on a 2-core machine shares the CPU with the simulator.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../electron/engine/engine.ts';
import { tempDir } from '../electron/engine/testing/engine.ts';
import { openWorkspace } from '../electron/engine/workspace/workspace.ts';
import { withBulkWrites } from '../electron/engine/workspace/bulk-writes.ts';
import { RawWriter } from '../electron/engine/sources/ingest/writer.ts';
import { PagePreparer } from '../electron/engine/sources/ingest/preparer.ts';
import { streamDefs } from '../electron/engine/sources/ingest/streams.ts';
import type { PreparedPage } from '../electron/engine/sources/ingest/prepare.ts';
import { connectTo, pullAndWait } from '../electron/engine/testing/pull.ts';
import type { StreamId } from '../shared/api/sources.ts';
import { rememberSecret } from '../electron/engine/secrets.ts';
import { peakRssMb, type BenchResult } from './support/report.ts';

/** Pages being prepared at once: about one per stream of a pull. */
const IN_FLIGHT = 4;

/** The lines of a stream; plain indexOf splitting, so the harness costs little beside the engine. */
async function* lines(input: NodeJS.ReadableStream): AsyncGenerator<string> {
  let rest = '';
  input.setEncoding('utf8');
  for await (const chunk of input as AsyncIterable<string>) {
    const text = rest + chunk;
    let from = 0;
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', from)) {
      yield text.slice(from, at);
      from = at + 1;
    }
    rest = text.slice(from);
  }
  if (rest) yield rest;
}

/** Pages from the page-source process into a fresh workspace; returns records and seconds. */
async function ingestFromPipe(scale: number): Promise<{ records: number; seconds: number; peakMb: number }> {
  const script = fileURLToPath(new URL('./support/page-source-process.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, String(scale)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const dir = tempDir('cutover-ingest-');
  const ws = openWorkspace(dir.path);
  const writer = new RawWriter(ws.db);
  const preparer = new PagePreparer();
  let sampledMax = 0;
  const sampler = setInterval(() => (sampledMax = Math.max(sampledMax, process.memoryUsage().rss)), 100);
  let records = 0;
  let started = 0;
  try {
    await withBulkWrites(ws.db, async () => {
      const pages = new Map<string, number>();
      // As a pull's full crawl does: each stream's table starts its first load, and ends it (building its id index) when done.
      const streams = Object.keys(streamDefs) as StreamId[];
      for (const s of streams) writer.beginFirstLoad(s);
      // Pages are prepared on the pull's worker thread while earlier ones are written, a few at
      // a time, as the pull's concurrent streams keep it busy; each is written with its checkpoint.
      const inFlight: { stream: StreamId; n: number; prepared: Promise<PreparedPage> }[] = [];
      const writeOldest = async () => {
        const { stream, n, prepared } = inFlight.shift()!;
        writer.writePrepared(stream, await prepared, { checkpoint: { status: 'partial', state: { page: n } } });
      };
      for await (const line of lines(child.stdout!)) {
        if (started === 0) started = performance.now(); // the source has generated its data
        const tab = line.indexOf('\t');
        const stream = line.slice(0, tab) as StreamId;
        const page = JSON.parse(line.slice(tab + 1)) as unknown[];
        const n = (pages.get(stream) ?? 0) + 1;
        pages.set(stream, n);
        inFlight.push({ stream, n, prepared: preparer.prepare(stream, page) });
        records += page.length;
        if (inFlight.length >= IN_FLIGHT) await writeOldest();
      }
      while (inFlight.length) await writeOldest();
      for (const s of streams) writer.finishFirstLoad(s);
    });
    return { records, seconds: (performance.now() - started) / 1000, peakMb: peakRssMb(sampledMax) };
  } finally {
    clearInterval(sampler);
    await preparer.close();
    ws.close();
    dir.remove();
  }
}

export async function run(args: string[]): Promise<BenchResult> {
  const scale = Number(args[0] ?? '40');
  const baseRssMb = process.memoryUsage().rss / 2 ** 20;
  // A pull holds both keys, so every record is scanned for them (prepare.ts): measured with two.
  rememberSecret(`xnd_development_${'BenchKey0123456789'.repeat(3)}`);
  rememberSecret('systeme-bench-key-0123456789abcdef');
  const ingest = await ingestFromPipe(scale);
  const script = fileURLToPath(new URL('./support/simulator-process.ts', import.meta.url));
  const child = spawn(process.execPath, ['--max-old-space-size=12000', '--import', 'tsx', script, String(scale)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const ready = await new Promise<{ url: string; keys: { xendit: string; systeme: string }; records: number }>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve(JSON.parse(line)));
    child.once('exit', (code) => reject(new Error(`simulator exited (${code})`)));
  });
  let sampledMax = 0;
  const sampler = setInterval(() => (sampledMax = Math.max(sampledMax, process.memoryUsage().rss)), 100);
  const dir = tempDir('cutover-ingest-');
  const engine = createEngine({ dataDir: dir.path, host: 'cli' });
  try {
    await connectTo(engine, ready.url, ready.keys);
    const started = performance.now();
    const job = await pullAndWait(engine);
    const seconds = (performance.now() - started) / 1000;
    if (job.state !== 'done') throw new Error(`pull ${job.state}: ${job.error?.message}`);
    const records = job.progress.done;
    if (records !== ready.records) throw new Error(`pulled ${records} of ${ready.records} records`);
    clearInterval(sampler);
    // The process-wide high-water mark already holds the first run's peak: sample this one.
    const peak = sampledMax / 2 ** 20;
    return {
      name: 'ingest',
      figures: {
        records_per_second: { value: ingest.records / ingest.seconds, unit: 'records/s', target: 50_000, better: 'higher' },
        peak_rss: { value: ingest.peakMb, unit: 'MB', target: 400, better: 'lower' },
        records: { value: ingest.records, unit: 'records', target: null, better: 'higher' },
        ingest_time: { value: ingest.seconds, unit: 's', target: null, better: 'lower' },
        http_pull_records_per_second: { value: records / seconds, unit: 'records/s', target: null, better: 'higher' },
        http_pull_peak_rss: { value: peak, unit: 'MB', target: null, better: 'lower' },
      },
      notes: [
        `scale ${scale}: ${ingest.records.toLocaleString('en-US')} records; this process's RSS before either run ${baseRssMb.toFixed(0)} MB (node + tsx + modules)`,
        `records_per_second / peak_rss: API pages streamed from another process into a fresh cache (parse; scan for the two keys, validate, hash, extract on the worker thread, ${IN_FLIGHT} pages in flight; upsert with a checkpoint, one commit per page)`,
        `http_pull_*: the full pull over HTTP from the simulator in another process (${seconds.toFixed(1)} s), latency-bound by page round trips on 2 cores`,
      ],
    };
  } finally {
    clearInterval(sampler);
    await engine.close();
    child.stdin!.end();
    dir.remove();
  }
}

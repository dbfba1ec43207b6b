// Prepares pages (prepare.ts) on a worker thread, so the engine's thread only writes: on two
// cores, validating and hashing one page overlaps with writing another, and the engine stays
// responsive during a pull. Where no worker can be started, pages are prepared in place.
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { StreamId } from '../../../../shared/api/sources.ts';
import { knownSecrets } from '../../secrets.ts';
import { preparePage, type PreparedPage } from './prepare.ts';
import type { PrepareRequest, PrepareWorkerData } from './prepare-worker.ts';
import type { PageBody } from '../page.ts';

/** It holds a few pages at a time: a small heap keeps its garbage, and so the process's memory, small. */
const LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 96 };
/**
 * Pages the worker may hold before the next is prepared here instead. Preparing a page costs
 * the worker about twice what writing one costs this thread, so with only the worker preparing,
 * this thread spent half its time waiting for it (profiled: ingest bench); a worker that is
 * behind now shares its load, and the two threads finish together.
 */
const WORKER_BACKLOG = 2;

type Reply = { id: number; page: PreparedPage } | { id: number; error: string };

export class PagePreparer {
  private worker: Worker | null = null;
  /** The worker's replies come on their own port, so they can be read before this thread next yields (prepare). */
  private replies: MessagePort | null = null;
  /** No worker from here on: it could not start, died, or the preparer was closed. */
  private inPlace = false;
  private nextId = 1;
  /** Where pages were prepared so far (the ingest bench reports the split). */
  readonly pages = { onWorker: 0, inPlace: 0 };
  private readonly waiting = new Map<number, { resolve(page: PreparedPage): void; reject(err: Error): void; stream: StreamId; records: unknown[] }>();

  /**
   * The page's records, validated, hashed and extracted: on the worker thread, or here when the
   * worker is already behind (each page's promise is its own; a page prepared here may resolve
   * before an earlier one still on the worker). With the response text the records were parsed from, the thread parses that instead
   * of being sent the objects (copying parsed objects between threads costs more than parsing).
   */
  prepare(stream: StreamId, records: unknown[], body?: PageBody): Promise<PreparedPage> {
    const worker = this.start();
    // Pages the worker finished while this thread was busy count as done: their replies wait
    // for the event loop, and a page loop that does not yield between pages would otherwise
    // see the worker as behind and prepare everything here while it sat idle (ingest bench:
    // 45% of pages were prepared in place).
    this.takeReplies();
    if (!worker || this.waiting.size >= WORKER_BACKLOG) {
      this.pages.inPlace++;
      return Promise.resolve(preparePage(stream, records, knownSecrets()));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.waiting.size === 0) worker.ref(); // a page on its way keeps the process alive
      this.waiting.set(id, { resolve, reject, stream, records });
      const secrets = knownSecrets();
      worker.postMessage((body ? { id, stream, secrets, body } : { id, stream, secrets, records }) satisfies PrepareRequest);
    });
  }

  /** Whether pages go to the worker thread (false before the first page, and after a fallback). */
  get threaded(): boolean {
    return this.worker !== null;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    if (worker) this.fallBack(worker);
    this.inPlace = true;
    await worker?.terminate();
  }

  private start(): Worker | null {
    if (this.worker || this.inPlace) return this.worker;
    try {
      const { port1, port2 } = new MessageChannel();
      const worker = startWorker(port2);
      worker.unref(); // an idle preparer never keeps the process alive
      port1.unref(); // while pages are on their way, the worker keeps it alive
      port1.on('message', (reply: Reply) => this.settle(reply));
      this.replies = port1;
      // A worker that dies (or cannot load) leaves its pages to be prepared here instead.
      worker.on('error', () => this.fallBack(worker));
      worker.on('exit', () => this.fallBack(worker));
      this.worker = worker;
    } catch {
      this.inPlace = true;
    }
    return this.worker;
  }

  /** The replies already sent: each page's promise settled now. */
  private takeReplies(): void {
    if (!this.replies) return;
    for (let m = receiveMessageOnPort(this.replies); m; m = receiveMessageOnPort(this.replies)) this.settle(m.message as Reply);
  }

  private settle(reply: Reply): void {
    const job = this.waiting.get(reply.id);
    if (!job) return;
    this.waiting.delete(reply.id);
    if (this.waiting.size === 0) this.worker?.unref();
    this.pages.onWorker++;
    if ('page' in reply) job.resolve(reply.page);
    else job.reject(new Error(reply.error));
  }

  /** From here on pages are prepared in place, starting with those the worker still held. */
  private fallBack(worker: Worker): void {
    if (this.worker !== worker) return;
    // Pages it finished are taken as it prepared them; the rest are prepared here.
    this.takeReplies();
    this.replies?.close();
    this.replies = null;
    this.worker = null;
    this.inPlace = true;
    for (const [id, job] of this.waiting) {
      this.waiting.delete(id);
      this.pages.inPlace++;
      try {
        job.resolve(preparePage(job.stream, job.records, knownSecrets()));
      } catch (err) {
        job.reject(err as Error);
      }
    }
  }
}

/**
 * The worker: beside a bundle, its own bundle (scripts/build.mjs); from source, the TypeScript
 * file, loaded through tsx's loader like the rest of the engine (a worker's own entry is read
 * before any --import hook is in place, hence the small script that registers tsx first).
 */
function startWorker(replies: MessagePort): Worker {
  const here = import.meta.url;
  const options = { resourceLimits: LIMITS, workerData: { replies } satisfies PrepareWorkerData, transferList: [replies] };
  if (here.endsWith('.cjs')) return new Worker(fileURLToPath(new URL('./prepare-worker.cjs', here)), options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./prepare-worker.ts', here).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`, { ...options, eval: true });
}

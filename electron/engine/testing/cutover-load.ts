// Load for the cutover under clients (test and bench): N clients reading and writing the swapped
// tables and their children in a loop — point reads, an app-maintained counter, new payments, new
// notes, a view — while a reader holds a lock on a swapped table for a while when the cutover
// starts. Every write a client saw acknowledged is checked for afterwards (no lost writes). The
// clients run in a process of their own (cutover-load-clients.ts), as the live app's do.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { connectClient } from '../pg/client.ts';
import type { ClientsMessage, ClientsReport, ClientsSettings } from './cutover-load-clients.ts';

export interface LoadOptions {
  clients?: number;
  /** How long the reader holds its lock once the cutover starts. */
  holdMs?: number;
  /** Load before the cutover starts and after it ends. */
  marginMs?: number;
}

export interface LoadResult<T> {
  cutover: T;
  transactions: number;
  failed: number;
  failures: string[];
  /** Over every client transaction of the run. */
  maxLatencyMs: number;
  p999LatencyMs: number;
  lostWrites: number;
  /** When the reader took and let go of its lock, relative to the cutover's start. */
  blockerMs: number;
  /** The slowest client transactions: what each did, and when it started (epoch ms, performance.timeOrigin + now). */
  slowest: ClientsReport['slowest'];
}

const clientsScript = fileURLToPath(new URL('./cutover-load-clients.ts', import.meta.url));

/** The clients' process, once every client is connected and looping. */
function startClients(settings: ClientsSettings): Promise<{ child: ChildProcess; stop: () => Promise<ClientsReport> }> {
  const child = fork(clientsScript, [JSON.stringify(settings)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = () =>
    new Promise<ClientsMessage>((resolve, reject) => {
      const exited = (code: number | null) => reject(new Error(`the load's clients exited (${code}) before answering`));
      child.once('exit', exited);
      child.once('message', (m) => {
        child.off('exit', exited);
        resolve(m as ClientsMessage);
      });
    });
  return next().then(() => ({
    child,
    stop: async () => {
      const done = next();
      child.send('stop');
      const m = await done;
      if (m.type !== 'done') throw new Error(`the load's clients answered ${m.type}`);
      return m;
    },
  }));
}

/**
 * Runs `cutover` under the load. It gets `startReader`: call it (from beforeStep('lock')) to have
 * the reader take its lock just as the cutover starts locking; the reader holds it for holdMs.
 */
export async function underLoad<T>(url: string, cutover: (startReader: () => Promise<void>) => Promise<T>, options: LoadOptions = {}): Promise<LoadResult<T>> {
  const n = options.clients ?? 16;
  const holdMs = options.holdMs ?? 5_000;
  const marginMs = options.marginMs ?? 1_000;
  const setup = await connectClient(url);
  const profiles = (await setup.query("SELECT id, login_count FROM public.unified_profiles WHERE account_type = 'student' ORDER BY id LIMIT 64")).rows as { id: string; login_count: number }[];
  const clients = await startClients({ url, clients: n, profiles: profiles.map((p) => p.id) });
  let result: T;
  let blockerMs = 0;
  try {
    await new Promise((r) => setTimeout(r, marginMs));
    // A reader in a long transaction: it holds ACCESS SHARE on a swapped table for holdMs.
    let released: Promise<void> | null = null;
    const startReader = async () => {
      if (released) return;
      const blocker = await connectClient(url);
      await blocker.query('BEGIN');
      await blocker.query('SELECT count(*) FROM public.unified_profiles');
      const started = performance.now();
      released = (async () => {
        await blocker.query('SELECT pg_sleep($1)', [holdMs / 1000]);
        await blocker.query('COMMIT');
        blockerMs = performance.now() - started;
        await blocker.end();
      })();
    };
    result = await cutover(startReader);
    await (released ?? Promise.resolve());
    await new Promise((r) => setTimeout(r, marginMs));
  } catch (error) {
    clients.child.kill();
    await setup.end();
    throw error;
  }
  const seen = await clients.stop();
  const increments = new Map(seen.increments);
  const { notes, payments, failures } = seen;

  // No lost writes: every acknowledged write is in production after the cutover.
  let lost = 0;
  const counters = new Map(((await setup.query('SELECT id, login_count FROM public.unified_profiles WHERE id = ANY ($1::uuid[])', [profiles.map((p) => p.id)])).rows as { id: string; login_count: number }[]).map((r) => [r.id, r.login_count]));
  for (const p of profiles) lost += Math.abs((counters.get(p.id) ?? 0) - (p.login_count + (increments.get(p.id) ?? 0)));
  const foundNotes = Number((await setup.query('SELECT count(*) AS n FROM public.user_notes WHERE note = ANY ($1::text[])', [notes])).rows[0].n);
  const foundPayments = Number((await setup.query('SELECT count(*) AS n FROM public.transactions WHERE id = ANY ($1::uuid[])', [payments])).rows[0].n);
  lost += notes.length - foundNotes + (payments.length - foundPayments);
  await setup.end();
  return {
    cutover: result,
    transactions: seen.transactions + failures.length,
    failed: failures.length,
    failures: failures.slice(0, 10),
    maxLatencyMs: seen.maxLatencyMs,
    p999LatencyMs: seen.p999LatencyMs,
    lostWrites: lost,
    blockerMs: Math.round(blockerMs),
    slowest: seen.slowest,
  };
}

// Load for the cutover under clients (test and bench): N clients reading and writing the swapped
// tables and their children in a loop — point reads, an app-maintained counter, new payments, new
// notes, a view — while a reader holds a lock on a swapped table for a while when the cutover
// starts. Every write a client saw acknowledged is checked for afterwards (no lost writes).
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { connectClient } from '../pg/client.ts';

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
  const clients = await Promise.all(Array.from({ length: n }, () => connectClient(url, { application_name: 'cutover-load' })));
  const latencies: number[] = [];
  const failures: string[] = [];
  const increments = new Map<string, number>();
  const notes: string[] = [];
  const payments: string[] = [];
  let stop = false;
  const tag = randomUUID().slice(0, 8);

  const loop = async (c: pg.Client, k: number) => {
    for (let i = 0; !stop; i++) {
      const p = profiles[(k * 7 + i) % profiles.length] as { id: string };
      const op = (k + i) % 5;
      const started = performance.now();
      try {
        if (op === 0) await c.query('SELECT email, login_count FROM public.unified_profiles WHERE id = $1', [p.id]);
        else if (op === 1) {
          await c.query('UPDATE public.unified_profiles SET login_count = login_count + 1 WHERE id = $1', [p.id]);
          increments.set(p.id, (increments.get(p.id) ?? 0) + 1);
        } else if (op === 2) {
          const note = `load ${tag} ${k} ${i}`;
          await c.query('INSERT INTO public.user_notes (profile_id, note) VALUES ($1, $2)', [p.id, note]);
          notes.push(note);
        } else if (op === 3) {
          const id = randomUUID();
          await c.query("INSERT INTO public.transactions (id, user_id, external_id, amount, status) VALUES ($1, $2, $3, 1, 'pending')", [id, p.id, `load-${id}`]);
          payments.push(id);
        } else await c.query('SELECT count(*) FROM public.purchase_history WHERE user_id = $1', [p.id]);
        latencies.push(performance.now() - started);
      } catch (error) {
        failures.push(`${['read', 'counter', 'note', 'payment', 'view'][op]}: ${(error as Error).message}`);
      }
    }
  };

  const running = clients.map((c, k) => loop(c, k));
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
  } finally {
    stop = true;
    await Promise.all(running);
    await Promise.all(clients.map((c) => c.end()));
  }

  // No lost writes: every acknowledged write is in production after the cutover.
  let lost = 0;
  const counters = new Map(((await setup.query('SELECT id, login_count FROM public.unified_profiles WHERE id = ANY ($1::uuid[])', [profiles.map((p) => p.id)])).rows as { id: string; login_count: number }[]).map((r) => [r.id, r.login_count]));
  for (const p of profiles) lost += Math.abs((counters.get(p.id) ?? 0) - (p.login_count + (increments.get(p.id) ?? 0)));
  const foundNotes = Number((await setup.query('SELECT count(*) AS n FROM public.user_notes WHERE note = ANY ($1::text[])', [notes])).rows[0].n);
  const foundPayments = Number((await setup.query('SELECT count(*) AS n FROM public.transactions WHERE id = ANY ($1::uuid[])', [payments])).rows[0].n);
  lost += notes.length - foundNotes + (payments.length - foundPayments);
  await setup.end();
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    cutover: result,
    transactions: latencies.length + failures.length,
    failed: failures.length,
    failures: failures.slice(0, 10),
    maxLatencyMs: Math.round((sorted.at(-1) ?? 0) * 10) / 10,
    p999LatencyMs: Math.round((sorted[Math.floor(sorted.length * 0.999)] ?? 0) * 10) / 10,
    lostWrites: lost,
    blockerMs: Math.round(blockerMs),
  };
}

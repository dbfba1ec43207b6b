// The clients of the cutover load (cutover-load.ts), in a process of their own as the live app's
// clients are: the engine's own JavaScript (planning, building SQL) then cannot stall their
// event loop and show up as database latency, and theirs cannot slow the engine. Forked with the
// run's settings as JSON in argv[2]; answers 'stop' with what the clients saw, then exits.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { connectClient } from '../pg/client.ts';

export interface ClientsSettings {
  url: string;
  clients: number;
  /** The profiles the clients read and write. */
  profiles: string[];
}

const OPS = ['read', 'counter', 'note', 'payment', 'view'] as const;
const SLOWEST_KEPT = 5;

export type ClientsMessage =
  | { type: 'running' }
  | {
      type: 'done';
      /** Acknowledged transactions, and their latency's maximum and 99.9th percentile (ms). */
      transactions: number;
      maxLatencyMs: number;
      p999LatencyMs: number;
      failures: string[];
      /** The slowest transactions; startedAt is epoch ms (performance.timeOrigin + now), comparable across processes. */
      slowest: { op: (typeof OPS)[number]; ms: number; startedAt: number }[];
      /** The writes the database acknowledged. */
      increments: [string, number][];
      notes: string[];
      payments: string[];
    };

/** What the clients saw, sent once they have stopped. */
export type ClientsReport = Extract<ClientsMessage, { type: 'done' }>;

const send = (m: ClientsMessage) => new Promise<void>((resolve) => process.send!(m, () => resolve()));

async function main(settings: ClientsSettings) {
  const { profiles } = settings;
  const clients = await Promise.all(Array.from({ length: settings.clients }, () => connectClient(settings.url, { application_name: 'cutover-load' })));
  const latencies: number[] = [];
  const slowest: ClientsReport['slowest'] = [];
  const failures: string[] = [];
  const increments = new Map<string, number>();
  const notes: string[] = [];
  const payments: string[] = [];
  const tag = randomUUID().slice(0, 8);
  let stop = false;

  const loop = async (c: pg.Client, k: number) => {
    for (let i = 0; !stop; i++) {
      const p = profiles[(k * 7 + i) % profiles.length]!;
      const op = (k + i) % OPS.length;
      const started = performance.now();
      try {
        if (op === 0) await c.query('SELECT email, login_count FROM public.unified_profiles WHERE id = $1', [p]);
        else if (op === 1) {
          await c.query('UPDATE public.unified_profiles SET login_count = login_count + 1 WHERE id = $1', [p]);
          increments.set(p, (increments.get(p) ?? 0) + 1);
        } else if (op === 2) {
          const note = `load ${tag} ${k} ${i}`;
          await c.query('INSERT INTO public.user_notes (profile_id, note) VALUES ($1, $2)', [p, note]);
          notes.push(note);
        } else if (op === 3) {
          const id = randomUUID();
          await c.query("INSERT INTO public.transactions (id, user_id, external_id, amount, status) VALUES ($1, $2, $3, 1, 'pending')", [id, p, `load-${id}`]);
          payments.push(id);
        } else await c.query('SELECT count(*) FROM public.purchase_history WHERE user_id = $1', [p]);
        const ms = performance.now() - started;
        latencies.push(ms);
        if (slowest.length < SLOWEST_KEPT || ms > slowest.at(-1)!.ms) {
          slowest.push({ op: OPS[op]!, ms: Math.round(ms * 10) / 10, startedAt: performance.timeOrigin + started });
          slowest.sort((a, b) => b.ms - a.ms).splice(SLOWEST_KEPT);
        }
      } catch (error) {
        failures.push(`${OPS[op]}: ${(error as Error).message}`);
      }
    }
  };

  const running = clients.map((c, k) => loop(c, k));
  process.once('message', async () => {
    stop = true;
    await Promise.all(running);
    await Promise.all(clients.map((c) => c.end()));
    const sorted = latencies.sort((a, b) => a - b);
    const round = (ms: number | undefined) => Math.round((ms ?? 0) * 10) / 10;
    const [maxLatencyMs, p999LatencyMs] = [round(sorted.at(-1)), round(sorted[Math.floor(sorted.length * 0.999)])];
    await send({ type: 'done', transactions: sorted.length, maxLatencyMs, p999LatencyMs, failures, slowest, increments: [...increments], notes, payments });
    process.exit(0);
  });
  await send({ type: 'running' });
}

await main(JSON.parse(process.argv[2]!) as ClientsSettings);

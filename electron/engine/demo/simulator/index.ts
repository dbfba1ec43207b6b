// The Xendit + Systeme.io API simulator behind "Open demo" (DESIGN.md, "Demo workspace"): real
// paths, auth, envelopes, cursors, rate limits and error bodies on 127.0.0.1, with injectable faults.
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeys } from './auth.ts';
import { FaultInjector } from './faults.ts';
import { MidCrawlScheduler } from './mid-crawl.ts';
import { SlidingWindowLimiter, TokenBucketLimiter } from './rate-limit.ts';
import { createSimulatorServer } from './server.ts';
import { StatsRecorder } from './stats.ts';
import { DataStore } from './store.ts';
import type { Simulator, SimulatorOptions } from './types.ts';

export type * from './types.ts';
export { XENDIT_TEST_PREFIX } from './auth.ts';

export const rateLimitDefaults = {
  xendit: { limit: 60, windowMs: 60_000, retryAfter: false },
  systeme: { capacity: 60, refillPerSecond: 1 },
} as const;

function limiters(options: SimulatorOptions['rateLimits']) {
  if (options === false) return { xendit: null, xenditRetryAfter: false, systeme: null };
  const x = options?.xendit;
  const s = options?.systeme;
  return {
    xendit:
      x === false
        ? null
        : new SlidingWindowLimiter({
            limit: x?.limit ?? rateLimitDefaults.xendit.limit,
            windowMs: x?.windowMs ?? rateLimitDefaults.xendit.windowMs,
          }),
    xenditRetryAfter: x !== false && (x?.retryAfter ?? rateLimitDefaults.xendit.retryAfter),
    systeme:
      s === false
        ? null
        : new TokenBucketLimiter({
            capacity: s?.capacity ?? rateLimitDefaults.systeme.capacity,
            refillPerSecond: s?.refillPerSecond ?? rateLimitDefaults.systeme.refillPerSecond,
          }),
  };
}

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const now = options.now ?? (() => Date.now());
  const faults = new FaultInjector(options.faults);
  const store = new DataStore(options.dataset, faults, now);
  const keys = generateKeys(options.keys);
  const stats = new StatsRecorder();
  const midCrawl = new MidCrawlScheduler(options.midCrawl, options.seed ?? 1, store, now);
  const limits = limiters(options.rateLimits);
  const held = new Set<ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();

  const server = createSimulatorServer({
    store,
    faults,
    stats,
    midCrawl,
    keys,
    now,
    xenditLimiter: limits.xendit,
    xenditRetryAfter: limits.xenditRetryAfter,
    systemeLimiter: limits.systeme,
    held,
    timers,
  });

  // Longer than undici's 4 s client-side idle timeout, so the client always retires an idle
  // keep-alive socket first; otherwise a request can race the server's close and fail spuriously.
  server.keepAliveTimeout = 30_000;

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | null = null;

  return {
    url: `http://${host}:${port}`,
    port,
    keys,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        for (const res of held) res.destroy();
        held.clear();
        server.close(() => resolve());
        // Keep-alive sockets would otherwise keep close() waiting for their idle timeout.
        server.closeAllConnections();
      });
      return closing;
    },
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    faults: () => faults.current,
    setFaults(patch) {
      if (faults.update(patch)) store.reserializeAll();
    },
    malformedIds: () => store.malformedIds(),
    settleInvoice: (id) => store.settleInvoice(id),
    addInvoice: (invoice) => store.addInvoice(invoice),
    updateInvoice: (id, patch) => store.updateInvoice(id, patch),
    addContact: (contact) => store.addContact(contact),
    deleteContact: (id) => store.deleteContact(id),
    retagContact: (id, tags) => store.retagContact(id, tags),
    midCrawlChanges: () => midCrawl.changes(),
    snapshot: () => store.snapshot(),
  };
}

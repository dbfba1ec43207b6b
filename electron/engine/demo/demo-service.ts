// "Open demo": generated data served by the API simulator on 127.0.0.1, with both sources
// pointed at it. Needs no credentials and no network. The simulator lives as long as the
// engine; a demo workspace reopened later gets a fresh simulator with the same data.
import type { EngineContext } from '../context.ts';
import { readConnection, writeConnection, type ConnectionSettings } from '../sources/connection.ts';
import { generateDataset } from './generator/index.ts';
import { startSimulator, type RateLimitOptions, type Simulator } from './simulator/index.ts';

export type DemoSettings = NonNullable<ConnectionSettings['demo']>;

const running = new WeakMap<EngineContext, { simulator: Simulator; settings: DemoSettings }>();

/** Rate limits of the simulated APIs: Xendit's researched Test-mode limits, its Live-mode ones, or none. */
export function demoRateLimits(limits: DemoSettings['limits']): false | RateLimitOptions {
  if (limits === 'off') return false;
  if (limits === 'test') return {};
  return { xendit: { limit: 600, windowMs: 60_000 }, systeme: { capacity: 100, refillPerSecond: 10 } };
}

export async function openDemo(ctx: EngineContext, settings: DemoSettings): Promise<string> {
  const current = running.get(ctx);
  if (current && sameSettings(current.settings, settings)) return current.simulator.url;
  if (current) await current.simulator.close();
  // Whichever simulator runs when the engine closes is stopped with it.
  else ctx.onClose(() => running.get(ctx)?.simulator.close());
  const dataset = generateDataset({ seed: settings.seed, scale: settings.scale });
  const simulator = await startSimulator({ dataset, rateLimits: demoRateLimits(settings.limits), seed: settings.seed });
  running.set(ctx, { simulator, settings });
  ctx.secrets.set('xendit.secretKey', simulator.keys.xendit);
  ctx.secrets.set('systeme.apiKey', simulator.keys.systeme);
  writeConnection(ctx, { ...readConnection(ctx), mode: 'demo', xenditBaseUrl: simulator.url, systemeBaseUrl: simulator.url, demo: settings });
  return simulator.url;
}

/** The running demo's URL, starting the simulator again if this workspace is a demo one. */
export async function ensureDemo(ctx: EngineContext): Promise<string | null> {
  const s = readConnection(ctx);
  if (s.mode !== 'demo' || !s.demo) return null;
  return openDemo(ctx, s.demo);
}

export function demoUrl(ctx: EngineContext): string | null {
  return running.get(ctx)?.simulator.url ?? null;
}

const sameSettings = (a: DemoSettings, b: DemoSettings) => a.scale === b.scale && a.seed === b.seed && a.limits === b.limits;

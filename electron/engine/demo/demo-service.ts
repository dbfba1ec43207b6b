// The demo's simulator: generated data served on 127.0.0.1, needing no credentials and no
// network. The simulator lives as long as the engine; a demo workspace reopened later gets a
// fresh simulator with the same data when it is next pulled.
import type { DemoLimits, DemoSettings, SourceId } from '../../../shared/api/sources.ts';
import { errors } from '../../../shared/api/errors.ts';
import type { EngineContext, Endpoint } from '../context.ts';
import { readConnection, writeConnection } from '../sources/connection.ts';
import { generateDataset } from './generator/index.ts';
import { startSimulator, type RateLimitOptions, type Simulator } from './simulator/index.ts';

const running = new WeakMap<EngineContext, { simulator: Simulator; settings: DemoSettings }>();

/** Rate limits of the simulated APIs: Xendit's researched Test-mode limits, its Live-mode ones, or none. */
export function demoRateLimits(limits: DemoLimits): false | RateLimitOptions {
  if (limits === 'off') return false;
  if (limits === 'test') return {};
  return { xendit: { limit: 600, windowMs: 60_000 }, systeme: { capacity: 100, refillPerSecond: 10 } };
}

/** Starts the simulator for these settings (reusing a running one with the same settings). */
async function simulatorFor(ctx: EngineContext, settings: DemoSettings): Promise<Simulator> {
  const current = running.get(ctx);
  if (current && sameSettings(current.settings, settings)) return current.simulator;
  if (current) await current.simulator.close();
  // Whichever simulator runs when the engine closes is stopped with it.
  else ctx.onClose(() => running.get(ctx)?.simulator.close());
  const dataset = generateDataset({ seed: settings.seed, scale: settings.scale });
  const simulator = await startSimulator({ dataset, rateLimits: demoRateLimits(settings.limits), seed: settings.seed });
  running.set(ctx, { simulator, settings });
  return simulator;
}

export async function openDemo(ctx: EngineContext, settings: DemoSettings): Promise<void> {
  const simulator = await simulatorFor(ctx, settings);
  ctx.secrets.set('xendit.secretKey', simulator.keys.xendit);
  ctx.secrets.set('systeme.apiKey', simulator.keys.systeme);
  writeConnection(ctx, { ...readConnection(ctx), mode: 'demo', xenditBaseUrl: simulator.url, systemeBaseUrl: simulator.url, demo: settings });
}

/** Where the demo's sources are, starting the simulator again if this engine has none running. */
export async function demoEndpoints(ctx: EngineContext): Promise<Record<SourceId, Endpoint>> {
  const s = readConnection(ctx);
  if (!s.demo) throw errors.conflict('This workspace is not a demo workspace; open the demo first.');
  await openDemo(ctx, s.demo);
  const simulator = running.get(ctx)!.simulator;
  return { xendit: { baseUrl: simulator.url, key: simulator.keys.xendit }, systeme: { baseUrl: simulator.url, key: simulator.keys.systeme } };
}

export function demoUrl(ctx: EngineContext): string | null {
  return running.get(ctx)?.simulator.url ?? null;
}

const sameSettings = (a: DemoSettings, b: DemoSettings) => a.scale === b.scale && a.seed === b.seed && a.limits === b.limits;

// "Open demo": generated data served by the API simulator on 127.0.0.1, with both sources
// pointed at it. The engine plugs `simulatedSources` in as the demo's way to the sources.
import type { DemoTarget, SimulatedSources } from '../context.ts';
import { rememberSecret } from '../secrets.ts';
import { startDemoProduction } from './production/server.ts';
import { handlers } from '../registry.ts';
import { connectionStatus } from '../sources/connection.ts';
import { demoEndpoints, demoUrl, openDemo } from './demo-service.ts';

export const simulatedSources: SimulatedSources = { endpoints: demoEndpoints, url: demoUrl };

const demoProductions = new WeakMap<object, Promise<{ url: string }>>();

/** The workspace's demo production, started once per engine and stopped when the engine closes. */
export const demoTarget: DemoTarget = {
  start(ctx, options) {
    let started = demoProductions.get(ctx);
    if (!started) {
      started = startDemoProduction(ctx.workspace.path, options).then((server) => {
        // The demo's password is a secret like any other: scrubbed wherever it could surface.
        rememberSecret(decodeURIComponent(new URL(server.url).password));
        ctx.onClose(() => server.stop());
        return { url: server.url };
      });
      started.catch(() => demoProductions.delete(ctx));
      demoProductions.set(ctx, started);
    }
    return started;
  },
};

export const demoHandlers = handlers({
  'demo-open': async (input, ctx) => {
    await openDemo(ctx, input);
    return connectionStatus(ctx);
  },
});

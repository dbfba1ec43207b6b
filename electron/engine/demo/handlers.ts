// "Open demo": generated data served by the API simulator on 127.0.0.1, with both sources
// pointed at it. The engine plugs `simulatedSources` in as the demo's way to the sources.
import type { SimulatedSources } from '../context.ts';
import { handlers } from '../registry.ts';
import { connectionStatus } from '../sources/connection.ts';
import { demoEndpoints, demoUrl, openDemo } from './demo-service.ts';

export const simulatedSources: SimulatedSources = { endpoints: demoEndpoints, url: demoUrl };

export const demoHandlers = handlers({
  'demo-open': async (input, ctx) => {
    await openDemo(ctx, input);
    return connectionStatus(ctx);
  },
});

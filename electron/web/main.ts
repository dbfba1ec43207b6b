// `npm run web`: the app in a browser, served on 127.0.0.1 with a per-launch token.
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { createEngine } from '../engine/engine.ts';
import { appRoot } from '../engine/paths.ts';
import { defaultDataDir } from '../engine/workspace/default-dir.ts';
import { CutoverError } from '../../shared/api/errors.ts';
import { startWebHost } from './server.ts';

export async function runWebHost(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { 'data-dir': { type: 'string' }, port: { type: 'string', default: '0' } },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got ${values.port}`);
  const dataDir = values['data-dir'] ?? defaultDataDir();
  const engine = createEngine({ dataDir, host: 'web' });
  const host = await startWebHost({ engine, staticDir: join(appRoot(), 'dist', 'renderer'), port });
  console.log(`Cutover is serving workspace ${engine.context.workspace.path}`);
  console.log(`Open ${host.url}`);
  const stop = async () => {
    await host.close();
    await engine.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runWebHost(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof CutoverError ? err.message : `cutover web: ${(err as Error).message}`);
    process.exit(err instanceof CutoverError && err.code === 'WORKSPACE_LOCKED' ? 3 : 1);
  });
}

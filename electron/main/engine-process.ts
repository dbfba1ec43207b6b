// Entry of the engine's utility process (Electron's utilityProcess: plain Node plus
// process.parentPort). Only this process touches SQLite, so the window never waits on it.
// It must not import 'electron'. The main process passes the workspace as `--data-dir DIR`
// (or CUTOVER_DATA_DIR) and CUTOVER_APP_ROOT, where the engine finds sql/.
import { createEngine } from '../engine/engine.ts';
import { secretsFromEnv } from '../engine/secrets.ts';
import { createHostSecretStore } from './engine-secrets.ts';
import { serveEngine, type PortLike } from './engine-server.ts';
import { dataDirFromArgs } from './options.ts';

const port = (process as { parentPort?: PortLike | null }).parentPort;
if (!port) {
  console.error('engine-process must be started by the Cutover desktop app (utilityProcess.fork).');
  process.exit(2);
}

const dataDir = dataDirFromArgs(process.argv) ?? process.env.CUTOVER_DATA_DIR;
if (!dataDir) {
  console.error('engine-process needs --data-dir DIR or CUTOVER_DATA_DIR.');
  process.exit(2);
}

// Keys kept by the main process (safeStorage) arrive in its first message, before any call.
const secrets = createHostSecretStore((message) => port.postMessage(message), secretsFromEnv());
const server = serveEngine(
  port,
  () => createEngine({ dataDir, host: 'desktop', secrets }),
  () => process.exit(0),
  { onSecretsInit: (message) => secrets.init(message) },
);

// utilityProcess.kill() sends SIGTERM: close the workspace first.
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void server.close());

// When the main process goes away without asking (a crash), this process is re-parented:
// close the workspace instead of lingering. The timer stays referenced on purpose: it keeps
// the process alive (a parentPort listener alone has not always done so in packaged apps)
// until close() exits it.
const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid !== parentPid) void server.close();
}, 2_000);

// `npm start`: builds, then opens the desktop app; where the Electron binary is absent (or with
// --web) it says so and serves the same app through the web host at a printed URL.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { downloadElectronBinary, findElectronBinary } from './electron-binary.mjs';
import { electronSqliteBinding } from './electron-native.mjs';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const webOnly = args.includes('--web');
const passThrough = args.filter((a) => a !== '--web');

const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), ...(webOnly ? ['--renderer-only'] : [])], {
  stdio: 'inherit',
  cwd: root,
});
if (build.status !== 0) process.exit(build.status ?? 1);

let electron = webOnly ? { path: null, reason: null } : findElectronBinary();
// The electron package fetches its binary on first use, not at install: do that here, once.
if (!electron.path && electron.canDownload) electron = downloadElectronBinary();
let binding = null;
if (electron.path) {
  try {
    binding = electronSqliteBinding(root);
  } catch (err) {
    electron.reason = err.message;
  }
}
let child;
if (electron.path && binding) {
  child = spawn(electron.path, [join(root, 'dist', 'electron', 'main.cjs'), ...passThrough], {
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, CUTOVER_SQLITE_BINDING: binding },
  });
} else {
  if (electron.reason) console.log(`Cannot open the desktop window: ${electron.reason}.\nServing the same app in your browser instead.`);
  child = spawn(process.execPath, ['--import', 'tsx', join(root, 'electron', 'web', 'main.ts'), ...passThrough], { stdio: 'inherit', cwd: root });
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));

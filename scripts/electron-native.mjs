// better-sqlite3 is compiled for the system Node by `npm install`; the desktop app's engine runs
// on Electron's Node, whose ABI differs. Rather than rebuild node_modules in place (which would
// break the tests and the web host), build a second copy for Electron once per Electron version
// and hand its path to the engine (CUTOVER_SQLITE_BINDING). Packaged apps get theirs from
// electron-builder's npmRebuild instead.
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';

export function electronSqliteBinding(root) {
  const require = createRequire(join(root, 'package.json'));
  const version = require('electron/package.json').version;
  const dir = join(root, 'node_modules', '.cache', 'cutover-electron-sqlite', version);
  const binary = join(dir, 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(binary)) return binary;

  console.log(`Building better-sqlite3 for Electron ${version} (once)…`);
  mkdirSync(dir, { recursive: true });
  const source = dirname(require.resolve('better-sqlite3/package.json'));
  cpSync(source, dir, { recursive: true, filter: (p) => !p.includes(`${source}/build`) });
  const bundledGyp = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  const [cmd, pre] = existsSync(bundledGyp) ? [process.execPath, [bundledGyp]] : ['npx', ['--yes', 'node-gyp']];
  // An npm `nodedir` setting (npm passes it on as npm_config_nodedir) would make node-gyp compile
  // against that Node's headers instead of Electron's, silently producing a binding Electron
  // refuses to load: drop it, so the headers always come from --dist-url.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.toLowerCase() !== 'npm_config_nodedir'));
  const res = spawnSync(cmd, [...pre, 'rebuild', '--release', `--target=${version}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers'], {
    cwd: dir,
    stdio: 'inherit',
    env,
  });
  if (res.status !== 0 || !existsSync(binary)) {
    throw new Error(
      `could not build better-sqlite3 for Electron ${version} (node-gyp exited ${res.status}); Electron's headers must be downloadable, and on Linux Electron 43+ needs GCC 13 or newer`,
    );
  }
  return binary;
}

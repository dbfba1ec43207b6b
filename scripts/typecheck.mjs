// `npm run typecheck`: tsc over the whole project. Where the electron package is absent (npm
// dropped it after a failed download) the desktop shell cannot be type-checked: say so, and
// check everything else.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
let project = join(root, 'tsconfig.json');
let temp = null;
if (!existsSync(join(root, 'node_modules', 'electron', 'electron.d.ts'))) {
  console.log('Skipping electron/main and e2e/electron-launch.test.ts: the electron package (and its types) is not installed.');
  temp = join(root, 'tsconfig.no-electron.json');
  writeFileSync(temp, JSON.stringify({ extends: './tsconfig.json', exclude: ['node_modules', 'dist', 'electron/main', 'e2e/electron-launch.test.ts'] }));
  project = temp;
}
const tsc = require.resolve('typescript/bin/tsc');
const res = spawnSync(process.execPath, [tsc, '--noEmit', '-p', project], { stdio: 'inherit', cwd: root });
if (temp) rmSync(temp);
if (res.status === 0) console.log('typecheck: ok');
process.exit(res.status ?? 1);

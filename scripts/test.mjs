// `npm test`: every test file (unit, integration, end-to-end), run by node's test runner through
// tsx. The renderer is built first because the end-to-end tests serve it.
// Usage: npm test [-- <path filter>...]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);

function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (name.endsWith('.test.ts') || name.endsWith('.test.tsx')) out.push(relative(root, path));
  }
  return out;
}

const files = ['electron', 'shared', 'renderer', 'bench', 'scripts', 'e2e']
  .flatMap((d) => {
    try {
      return findTests(join(root, d));
    } catch {
      return [];
    }
  })
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

if (files.some((f) => f.startsWith('e2e/'))) {
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--renderer-only'], { stdio: 'inherit', cwd: root });
  if (build.status !== 0) {
    console.log('\n0 passed, 1 failed, 0 skipped');
    process.exit(1);
  }
}

const run = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    `--test-reporter=${join(root, 'scripts', 'test-reporter.mjs')}`,
    '--test-reporter-destination=stdout',
    ...files,
  ],
  { stdio: 'inherit', cwd: root, env: { ...process.env, NODE_ENV: 'test' } },
);
process.exit(run.status ?? 1);

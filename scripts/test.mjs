// `npm test`: every test file (unit, integration, end-to-end), run by node's test runner through
// tsx. The renderer is built first because the end-to-end tests serve it.
// Usage: npm test [-- <path filter>...]
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
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

// Test files that need Postgres say so in their first lines: `// test-postgres: 15 17 18`. One
// cluster per major is started for the whole run and stopped afterwards, pass or fail.
const majors = new Set();
for (const file of files) {
  const head = readFileSync(join(root, file), 'utf8').split('\n', 5).join('\n');
  const marker = /test-postgres:\s*([0-9 ]+)/.exec(head);
  if (marker) for (const m of marker[1].trim().split(/\s+/)) majors.add(m);
}
const pgEnv = {};
let clusters = null;
if (majors.size > 0) {
  clusters = spawn(process.execPath, ['--import', 'tsx', join(root, 'electron', 'engine', 'pg', 'serve-test-clusters.ts'), ...[...majors].sort()], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => clusters.on('exit', resolve));
  const line = await Promise.race([
    new Promise((resolve) => createInterface({ input: clusters.stdout }).once('line', resolve)),
    exited.then(() => null),
  ]);
  if (!line) {
    console.log('\nCould not start the test PostgreSQL clusters.\n0 passed, 1 failed, 0 skipped');
    process.exit(1);
  }
  // The name testClusterEnv() in electron/engine/pg/test-cluster.ts reads.
  for (const [major, url] of Object.entries(JSON.parse(line))) pgEnv[`CUTOVER_TEST_PG${major}_URL`] = url;
  clusters.exitedPromise = exited;
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
  { stdio: 'inherit', cwd: root, env: { ...process.env, ...pgEnv, NODE_ENV: 'test' } },
);
if (clusters) {
  clusters.stdin.end();
  await clusters.exitedPromise;
}
process.exit(run.status ?? 1);

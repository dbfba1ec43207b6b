// The layout's import rules, checked in CI:
// - the engine (electron/engine, electron/web, electron/cli) never imports 'electron';
// - the renderer imports only renderer/, shared/ and browser packages — never Node built-ins
//   (its unit tests may use node:test and node:assert);
// - shared/ imports nothing but zod and itself: no Node or DOM-only modules.
// - no @ts-ignore / @ts-nocheck anywhere;
// - the engine's features never import the demo: only the composition root (engine.ts), the
//   demo itself and test support may (a live pull must not pass through the demo).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const problems = [];

function walk(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|tsx|mts)$/.test(name)) out.push(p);
  }
  return out;
}

const importRe = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
function imports(file) {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(importRe)].map((m) => m[1] ?? m[2]);
}

for (const file of ['electron/engine', 'electron/web', 'electron/cli'].flatMap((d) => walk(join(root, d)))) {
  for (const spec of imports(file)) {
    if (spec === 'electron' || spec.startsWith('electron/')) problems.push(`${relative(root, file)} imports '${spec}': the engine must stay plain Node`);
    if (spec.startsWith('.') && resolve(dirname(file), spec).startsWith(join(root, 'electron', 'main'))) {
      problems.push(`${relative(root, file)} imports the desktop shell (${spec})`);
    }
  }
}
const demoDir = join(root, 'electron', 'engine', 'demo');
for (const file of walk(join(root, 'electron', 'engine'))) {
  const rel = relative(root, file);
  if (file.startsWith(demoDir + '/') || rel === 'electron/engine/engine.ts' || rel.startsWith('electron/engine/testing/') || /\.test\.tsx?$/.test(file)) continue;
  for (const spec of imports(file)) {
    if (spec.startsWith('.') && resolve(dirname(file), spec).startsWith(demoDir + '/')) problems.push(`${rel} imports the demo (${spec}): plug it in through engine.ts instead`);
  }
}
for (const file of walk(join(root, 'renderer'))) {
  if (file.endsWith('vite.config.ts')) continue;
  for (const spec of imports(file)) {
    // Unit tests of the renderer's plain modules run under node's test runner.
    if (/\.test\.tsx?$/.test(file) && /^node:(test|assert(\/strict)?)$/.test(spec)) continue;
    if (spec.startsWith('node:') || ['fs', 'path', 'child_process', 'electron', 'better-sqlite3', 'pg'].includes(spec)) {
      problems.push(`${relative(root, file)} imports '${spec}': the renderer talks only to the API`);
    }
    if (spec.startsWith('.')) {
      const target = resolve(dirname(file), spec);
      if (!target.startsWith(join(root, 'renderer')) && !target.startsWith(join(root, 'shared'))) {
        problems.push(`${relative(root, file)} imports ${spec}: only renderer/ and shared/ are allowed`);
      }
    }
  }
}
for (const file of walk(join(root, 'shared'))) {
  for (const spec of imports(file)) {
    const ok = spec === 'zod' || (spec.startsWith('.') && resolve(dirname(file), spec).startsWith(join(root, 'shared')));
    if (!ok) problems.push(`${relative(root, file)} imports '${spec}': shared/ holds the contract only`);
  }
}
for (const file of ['electron', 'renderer', 'shared', 'e2e', 'bench', 'scripts'].flatMap((d) => {
  try {
    return walk(join(root, d));
  } catch {
    return [];
  }
})) {
  if (/@ts-(ignore|nocheck)/.test(readFileSync(file, 'utf8')) && !file.endsWith('check-boundaries.mjs')) {
    problems.push(`${relative(root, file)} silences the type checker`);
  }
}

if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('boundaries: ok');

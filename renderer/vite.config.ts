// The renderer's build: a static bundle with relative asset paths, so the same files load over
// the web host (http://127.0.0.1:<port>/) and the desktop shell's custom app:// protocol.
// Nothing inline: the page runs under a CSP without 'unsafe-inline'.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const rendererRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root: rendererRoot,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // The preload polyfill would be bundled anyway, but modern Chromium needs none.
    modulePreload: { polyfill: false },
    // Keep every asset a file: data: URLs for scripts or fonts would fall outside the CSP.
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'es2022',
  },
  server: {
    host: '127.0.0.1',
    fs: { allow: [repoRoot] },
  },
});

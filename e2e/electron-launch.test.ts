// The real desktop app: Electron opens the window on app://, the preload exposes only
// window.cutover (no Node in the page), and calls reach the engine's utility process.
// It needs the Electron binary, which some machines cannot download: then it skips and says
// why. On Linux CI it needs a display: run it under `xvfb-run -a npm test`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { appRoot } from '../electron/engine/paths.ts';
import { findElectronBinary } from '../scripts/electron-binary.mjs';

const root = appRoot();
const MAIN_BUNDLE = join(root, 'dist', 'electron', 'main.cjs');
const RENDERER = join(root, 'dist', 'renderer', 'index.html');

/** The Electron binary's path, or why this machine cannot run the desktop app. */
function electronBinary(): { path: string; skip: false } | { path: null; skip: string } {
  const found = findElectronBinary();
  if (found.path === null) return { path: null, skip: found.reason };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { path: null, skip: 'no display for the Electron window (run under xvfb-run)' };
  }
  return { path: found.path, skip: false };
}

const electron = electronBinary();
let app: ElectronApplication;
let page: Page;
let dataDir: string;

before(async () => {
  if (!electron.path) return;
  if (!existsSync(MAIN_BUNDLE) || !existsSync(RENDERER)) {
    const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
    assert.equal(build.status, 0, 'npm run build failed');
  }
  dataDir = mkdtempSync(join(tmpdir(), 'cutover-electron-'));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'ELECTRON_RUN_AS_NODE') env[k] = v;
  // The engine runs on Electron's Node: give it a better-sqlite3 built for that ABI.
  const { electronSqliteBinding } = await import('../scripts/electron-native.mjs');
  env.CUTOVER_SQLITE_BINDING = electronSqliteBinding(root);
  app = await _electron.launch({ executablePath: electron.path, args: [MAIN_BUNDLE, '--data-dir', dataDir], cwd: root, env, timeout: 60_000 });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

after(async () => {
  await app?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const skip = electron.skip;

test('the window opens on the app:// origin with the wizard', { skip }, async () => {
  assert.match(page.url(), /^app:\/\/cutover\//);
  await page.getByTestId('nav-step-connect').waitFor({ state: 'visible' });
  const windows = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.webContents.getURL()));
  assert.equal(windows.length, 1);
});

test('the page has window.cutover and no Node (context isolation, sandbox)', { skip }, async () => {
  const globals = await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    return {
      bridge: Object.keys((w.cutover ?? {}) as object).sort(),
      require: typeof w.require,
      process: typeof w.process,
      module: typeof w.module,
      ipcRenderer: typeof w.ipcRenderer,
    };
  });
  assert.deepEqual(globals, { bridge: ['call', 'onEvent', 'pickFile'], require: 'undefined', process: 'undefined', module: 'undefined', ipcRenderer: 'undefined' });
});

test('calls reach the engine process, and bad input is refused before it', { skip }, async () => {
  const info = await page.evaluate(() => window.cutover!.call('app-info', {}));
  assert.ok(info.ok, `app-info failed: ${JSON.stringify(info)} (a NODE_MODULE_VERSION error means better-sqlite3 was not rebuilt for Electron)`);
  assert.equal((info.result as { host: string }).host, 'desktop');
  const bad = await page.evaluate(() => window.cutover!.call('job-get', { jobId: 42 }));
  assert.equal(!bad.ok && bad.error.code, 'BAD_INPUT');
  const unknown = await page.evaluate(() => window.cutover!.call('drop-everything', {}));
  assert.equal(!unknown.ok && unknown.error.code, 'UNKNOWN_PROCEDURE');

  await page.getByTestId('nav-step-connect').click();
  const state = page.getByTestId('step-state');
  await page.waitForFunction(() => {
    const s = document.querySelector('[data-testid="step-state"]')?.getAttribute('data-state');
    return s !== undefined && s !== null && s !== 'loading' && s !== 'unknown';
  });
  assert.match((await state.getAttribute('data-state')) ?? '', /^(todo|done|running|blocked|unavailable)$/);
});

test('the page cannot navigate away or open windows', { skip }, async () => {
  const opened = await page.evaluate(() => window.open('https://example.com/') === null);
  assert.equal(opened, true);
  // Listen in the main process for the attempt first, so the check waits for the attempt itself.
  type Attempt = { navigationTried?: Promise<string> };
  await app.evaluate(({ BrowserWindow }) => {
    const contents = BrowserWindow.getAllWindows()[0]!.webContents;
    (globalThis as unknown as Attempt).navigationTried = new Promise((resolve) => contents.once('will-navigate', (event) => resolve(event.url)));
  });
  await page.evaluate(() => {
    window.location.href = 'https://example.com/';
  });
  assert.equal(await app.evaluate(() => (globalThis as unknown as Attempt).navigationTried), 'https://example.com/');
  assert.match(page.url(), /^app:\/\/cutover\//);
  // Still the app: the wizard answers.
  await page.getByTestId('nav-step-connect').waitFor({ state: 'visible' });
  assert.equal((await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)), 1);
});

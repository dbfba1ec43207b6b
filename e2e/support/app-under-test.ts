// Starts the whole app as a person would meet it: a fresh workspace, the web host serving the
// built renderer, and Debian's Chromium driven by Playwright.
import { existsSync, mkdirSync } from 'node:fs';
import { before, after } from 'node:test';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createEngine, type Engine } from '../../electron/engine/engine.ts';
import { tempDir } from '../../electron/engine/testing/engine.ts';
import { appRoot } from '../../electron/engine/paths.ts';
import { startWebHost, type WebHost } from '../../electron/web/server.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(appRoot(), 'test-results');

export interface AppUnderTest {
  engine: Engine;
  host: WebHost;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/** Why the browser tests cannot run here, or null when they can. */
export function browserMissing(): string | null {
  if (!existsSync(CHROMIUM)) return `Chromium is not installed at ${CHROMIUM} (apt-get install chromium)`;
  if (!existsSync(join(appRoot(), 'dist', 'renderer', 'index.html'))) return 'the renderer is not built (npm run build)';
  return null;
}

/**
 * One app for a test file: started before its tests, closed after them. `skip` says why the
 * browser tests cannot run here (or is false); `app()` is the running app.
 */
export function appForThisFile(): { skip: string | false; app: () => AppUnderTest } {
  const skip = browserMissing() ?? false;
  let app: AppUnderTest | undefined;
  before(async () => {
    if (!skip) app = await startApp();
  });
  after(async () => {
    await app?.close();
  });
  return { skip, app: () => app! };
}

/** `expected`: console errors a test provokes on purpose (a refused call shows as a failed resource load). */
export async function startApp(options: { expected?: RegExp } = {}): Promise<AppUnderTest> {
  const dir = tempDir('cutover-e2e-');
  const engine = createEngine({ dataDir: dir.path, host: 'web' });
  const host = await startWebHost({ engine, staticDir: join(appRoot(), 'dist', 'renderer') });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !options.expected?.test(m.text())) problems.push(`console error: ${m.text()}`);
  });
  await page.goto(host.url);
  return {
    engine,
    host,
    browser,
    page,
    async close() {
      await browser.close();
      await host.close();
      await engine.close();
      dir.remove();
      if (problems.length) throw new Error(`The page reported errors:\n${problems.join('\n')}`);
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

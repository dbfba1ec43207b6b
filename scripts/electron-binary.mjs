// Where the Electron binary is, or why it is not there. Since Electron 42 the package has no
// install script: its binary is downloaded the first time something calls require('electron').
// So this module never requires it (a test probing for the binary must not start a download):
// it reads the package's path.txt itself, and downloads only when asked to (`npm start`).
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Electron 41+ (and its downloader, @electron/get 5) declare this Node. */
export const DOWNLOADER_NODE = [22, 12];

function electronPackageDir() {
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

export function findElectronBinary() {
  const dir = electronPackageDir();
  if (!dir) return { path: null, reason: 'the electron package is not installed (run `npm install`)', canDownload: false };
  const pathFile = join(dir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  // Honoured by the electron package itself; keep the same meaning here.
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const path = join(override, relative || 'electron');
    return existsSync(path) ? { path, reason: null, canDownload: false } : { path: null, reason: `the Electron binary is missing (${path})`, canDownload: false };
  }
  if (!relative) return { path: null, reason: 'the Electron binary has not been downloaded yet (`npm start` fetches it)', canDownload: true };
  const path = join(dir, 'dist', relative);
  if (!existsSync(path)) return { path: null, reason: `the Electron binary is missing (${path})`, canDownload: true };
  return { path, reason: null, canDownload: false };
}

function nodeIsOlderThan([major, minor]) {
  const [m, n] = process.versions.node.split('.').map(Number);
  return m < major || (m === major && n < minor);
}

/** Runs the electron package's own downloader, then looks again. */
export function downloadElectronBinary() {
  const dir = electronPackageDir();
  if (!dir) return findElectronBinary();
  const version = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  console.log(`Downloading the Electron ${version} binary (once)…`);
  const res = spawnSync(process.execPath, [join(dir, 'install.js')], { stdio: 'inherit', timeout: 15 * 60_000 });
  const found = findElectronBinary();
  if (found.path) return found;
  const old = nodeIsOlderThan(DOWNLOADER_NODE) ? `; Electron ${version} declares Node ${DOWNLOADER_NODE.join('.')}+ and this is Node ${process.versions.node}` : '';
  return { path: null, reason: `the Electron binary could not be downloaded (exit code ${res.status ?? res.signal})${old}`, canDownload: false };
}

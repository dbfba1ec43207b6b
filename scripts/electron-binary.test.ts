import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findElectronBinary } from './electron-binary.mjs';

const electronDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
// Both tests are about a machine where the binary has not been fetched yet (as in CI).
const skip = existsSync(join(electronDir, 'path.txt')) && 'the Electron binary is installed here';

test('looking for the binary never downloads it', { skip }, () => {
  const found = findElectronBinary();
  assert.equal(found.path, null);
  assert.equal(found.canDownload, true);
  assert.match(found.reason ?? '', /not been downloaded.*npm start/);
  // require('electron') would have run the package's installer, which writes path.txt.
  assert.equal(existsSync(join(electronDir, 'path.txt')), false);
});

test('ELECTRON_OVERRIDE_DIST_PATH points at a binary elsewhere, as it does for the electron package', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-electron-dist-'));
  const saved = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  try {
    process.env.ELECTRON_OVERRIDE_DIST_PATH = dir;
    assert.equal(findElectronBinary().path, null);
    writeFileSync(join(dir, 'electron'), '');
    assert.equal(findElectronBinary().path, join(dir, 'electron'));
  } finally {
    if (saved === undefined) delete process.env.ELECTRON_OVERRIDE_DIST_PATH;
    else process.env.ELECTRON_OVERRIDE_DIST_PATH = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});

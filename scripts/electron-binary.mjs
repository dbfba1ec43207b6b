// Where the Electron binary is, or why it is not there. The electron package is optional: npm
// leaves it out when its download fails, and ELECTRON_SKIP_BINARY_DOWNLOAD keeps it without a binary.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';

export function findElectronBinary() {
  const require = createRequire(import.meta.url);
  let path;
  try {
    path = require('electron');
  } catch (err) {
    const missing = err && err.code === 'MODULE_NOT_FOUND';
    return {
      path: null,
      reason: missing
        ? 'the electron package is not installed (its download failed or was skipped)'
        : `the Electron binary is not installed (${String(err.message).split('\n')[0]})`,
    };
  }
  if (typeof path !== 'string' || !existsSync(path)) return { path: null, reason: `the Electron binary is missing (${path})` };
  return { path, reason: null };
}

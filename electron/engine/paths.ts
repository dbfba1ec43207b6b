// Where the engine finds files it ships with. Bundled builds set CUTOVER_APP_ROOT; from source
// the project root is two levels above this file.
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

export function appRoot(): string {
  const fromEnv = process.env.CUTOVER_APP_ROOT;
  if (fromEnv) return fromEnv;
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

export function sqlDir(): string {
  return join(appRoot(), 'sql');
}

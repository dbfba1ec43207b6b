// Command-line options of the desktop app, parsed without Electron so they are testable.
import { dirname, join } from 'node:path';

/** The value of `--data-dir DIR` or `--data-dir=DIR`, or undefined. */
export function dataDirFromArgs(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--data-dir') {
      const next = argv[i + 1];
      return next && !next.startsWith('--') ? next : undefined;
    }
    if (arg.startsWith('--data-dir=')) return arg.slice('--data-dir='.length) || undefined;
  }
  return undefined;
}

/**
 * The folder holding package.json, sql/ and dist/. Packaged, that is app.getAppPath() itself;
 * started as `electron dist/electron/main.cjs`, Electron reports dist/electron, so walk up.
 */
export function findAppRoot(start: string, exists: (path: string) => boolean): string {
  let dir = start;
  for (let i = 0; i < 4; i++) {
    if (exists(join(dir, 'package.json')) && exists(join(dir, 'sql'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return start;
}

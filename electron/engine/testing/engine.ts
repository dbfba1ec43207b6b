// Test helpers: a fresh workspace folder and engine per test, removed afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine } from '../engine.ts';
import type { HostKind } from '../context.ts';

export function tempDir(prefix = 'cutover-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export async function withEngine<T>(fn: (engine: Engine, dataDir: string) => Promise<T>, host: HostKind = 'cli'): Promise<T> {
  const dir = tempDir();
  const engine = createEngine({ dataDir: dir.path, host });
  try {
    return await fn(engine, dir.path);
  } finally {
    await engine.close();
    dir.remove();
  }
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CutoverError } from '../../../shared/api/errors.ts';
import { tempDir } from '../testing/engine.ts';
import { loadMigrations } from './migrations.ts';
import { CACHE_FILE, openWorkspace } from './workspace.ts';

test('a second engine cannot open an open workspace, and gets a clear error naming the holder', () => {
  const dir = tempDir();
  const first = openWorkspace(dir.path);
  try {
    assert.throws(
      () => openWorkspace(dir.path),
      (err: unknown) => err instanceof CutoverError && err.code === 'WORKSPACE_LOCKED' && /already open in process \d+/.test(err.message),
    );
  } finally {
    first.close();
  }
  openWorkspace(dir.path).close(); // free again once closed
  dir.remove();
});

test('the cache runs in WAL mode and settings persist across opens', () => {
  const dir = tempDir();
  const ws = openWorkspace(dir.path);
  assert.equal(ws.db.pragma('journal_mode', { simple: true }), 'wal');
  ws.settings.set('timeZone', 'Asia/Tokyo');
  ws.close();
  const again = openWorkspace(dir.path);
  assert.equal(again.settings.get('timeZone'), 'Asia/Tokyo');
  assert.equal(again.schemaVersion, loadMigrations().length);
  again.close();
  dir.remove();
});

test('an older workspace migrates forward and keeps its data', () => {
  const dir = tempDir();
  const db = new Database(join(dir.path, CACHE_FILE));
  const [first] = loadMigrations();
  db.exec(first!.sql);
  db.pragma('user_version = 1');
  db.prepare("INSERT INTO settings (key, value) VALUES ('timeZone', '\"Asia/Tokyo\"')").run();
  db.prepare(
    "INSERT INTO jobs (id, kind, label, state, started_at, finished_at, progress, parts) VALUES ('j1', 'pull', 'Pull sources', 'done', '2025-01-01T00:00:00.000Z', '2025-01-01T00:01:00.000Z', '{\"label\":\"Pull sources\",\"done\":5,\"total\":5,\"rate\":null,\"etaSeconds\":0,\"unit\":\"records\"}', '{}')",
  ).run();
  db.close();

  const ws = openWorkspace(dir.path);
  assert.equal(ws.schemaVersion, loadMigrations().length);
  assert.equal(ws.settings.get('timeZone'), 'Asia/Tokyo');
  // The job history survives the jobs table's rebuild, with its start time as the time it was asked for.
  assert.deepEqual(ws.db.prepare("SELECT state, queued_at, started_at, steps FROM jobs WHERE id = 'j1'").get(), {
    state: 'done',
    queued_at: '2025-01-01T00:00:00.000Z',
    started_at: '2025-01-01T00:00:00.000Z',
    steps: '[]',
  });
  assert.equal(ws.db.prepare('SELECT count(*) FROM raw_xendit_invoices').pluck().get(), 0);
  ws.close();
  dir.remove();
});

test('a workspace from a newer version is refused, not damaged: its bytes are unchanged and nothing is added', () => {
  const dir = tempDir();
  const db = new Database(join(dir.path, CACHE_FILE));
  db.exec('CREATE TABLE from_the_future (x); INSERT INTO from_the_future VALUES (1);');
  db.pragma('user_version = 999');
  db.close();
  const before = readFileSync(join(dir.path, CACHE_FILE));
  assert.throws(() => openWorkspace(dir.path), (err: unknown) => err instanceof CutoverError && err.code === 'WORKSPACE_TOO_NEW');
  assert.deepEqual(readFileSync(join(dir.path, CACHE_FILE)), before);
  assert.deepEqual(readdirSync(dir.path), [CACHE_FILE], 'no WAL, no owner note');
  dir.remove();
});

const mode = (p: string) => statSync(p).mode & 0o777;

test('the workspace is private: folder 0700, its files 0600; an existing workspace is tightened on open', () => {
  const dir = tempDir();
  const path = join(dir.path, 'new', 'ws');
  const ws = openWorkspace(path);
  ws.db.prepare("INSERT INTO settings (key, value) VALUES ('probe', '1')").run(); // WAL and its index exist now
  const files = readdirSync(path).sort();
  assert.deepEqual(files, [CACHE_FILE, `${CACHE_FILE}-wal`, 'owner.json'].sort(), 'the WAL index lives in memory (exclusive mode)');
  assert.equal(mode(path), 0o700);
  for (const f of files) assert.equal(mode(join(path, f)), 0o600, f);
  ws.close();

  // A workspace left readable by others (as earlier versions made them).
  chmodSync(path, 0o755);
  for (const f of readdirSync(path)) chmodSync(join(path, f), 0o644);
  openWorkspace(path).close();
  assert.equal(mode(path), 0o700);
  for (const f of readdirSync(path)) assert.equal(mode(join(path, f)), 0o600, f);
  dir.remove();
});

test('a missing workspace is created only when allowed; one that cannot be used is named with what to do', () => {
  const dir = tempDir();
  const fails = (path: string, code: string, message: RegExp, opts = {}) =>
    assert.throws(() => openWorkspace(path, opts), (err: unknown) => err instanceof CutoverError && err.code === code && message.test(err.message));
  const missing = join(dir.path, 'nope');
  fails(missing, 'WORKSPACE_NOT_FOUND', /^There is no workspace at .*nope\. Check the folder name/, { create: false });
  assert.equal(existsSync(missing), false);
  mkdirSync(missing);
  fails(missing, 'WORKSPACE_NOT_FOUND', /There is no workspace at/, { create: false });

  const file = join(dir.path, 'file');
  writeFileSync(file, 'x');
  fails(file, 'WORKSPACE_UNUSABLE', /is a file, not a folder\. Choose another folder/);
  fails(join(file, 'below'), 'WORKSPACE_UNUSABLE', /cannot be created: a folder above it is a file/);

  const notDb = join(dir.path, 'not-db');
  mkdirSync(notDb);
  writeFileSync(join(notDb, CACHE_FILE), 'this is a text file, '.repeat(500));
  fails(notDb, 'WORKSPACE_UNUSABLE', new RegExp(`${CACHE_FILE} is not a Cutover workspace: it is not an SQLite database`));
  dir.remove();
});

test('a workspace that cannot be written says so, naming it, instead of "disk I/O error"', () => {
  const dir = tempDir();
  openWorkspace(dir.path).close();
  // Unwritable for the user running the test: a read-only folder, or (as root, whom modes do not
  // stop) a WAL that cannot be created because a folder sits in its place.
  if (process.getuid?.() === 0) mkdirSync(join(dir.path, `${CACHE_FILE}-wal`));
  else chmodSync(dir.path, 0o500);
  try {
    assert.throws(
      () => openWorkspace(dir.path),
      (err: unknown) => err instanceof CutoverError && err.code === 'WORKSPACE_UNUSABLE' && err.message.startsWith(`The workspace ${dir.path} cannot be written (`) && /check their permissions/.test(err.message),
    );
  } finally {
    chmodSync(dir.path, 0o700);
    dir.remove();
  }
});

function killMidWrite(dataDir: string, afterCommits: number): Promise<number> {
  const fixture = fileURLToPath(new URL('./crash-writer.fixture.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let last = 0;
    let seen = 0;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      for (const m of chunk.matchAll(/committed (\d+)/g)) {
        last = Number(m[1]);
        seen++;
      }
      // Kill at an arbitrary moment after enough commits: almost always inside a transaction.
      if (seen >= afterCommits && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', () => resolve(last));
    child.on('error', reject);
  });
}

test('a workspace survives kill -9 of the engine mid-write and reopens intact', async () => {
  const dir = tempDir();
  for (const round of [1, 2, 3]) {
    const announced = await killMidWrite(dir.path, 5 + round * 3);
    // The OS released the lock with the process: the workspace opens at once.
    const ws = openWorkspace(dir.path);
    assert.equal(ws.db.pragma('integrity_check', { simple: true }), 'ok');
    const batches = ws.db.prepare('SELECT batch, count(*) AS n FROM crash_test GROUP BY batch ORDER BY batch').all() as { batch: number; n: number }[];
    // Every committed batch is whole; none is partial.
    for (const b of batches) assert.equal(b.n, 500, `batch ${b.batch} has ${b.n} rows`);
    const lastBatch = batches.at(-1)?.batch ?? 0;
    assert.ok(lastBatch >= announced && lastBatch <= announced + 1, `round ${round}: announced ${announced}, found ${lastBatch}`);
    assert.deepEqual(batches.map((b) => b.batch), Array.from({ length: lastBatch }, (_, i) => i + 1));
    ws.close();
  }
  dir.remove();
});

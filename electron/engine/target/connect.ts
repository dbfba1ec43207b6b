// Connecting to a target Postgres from a URL a person typed: TLS as asked (sslmode disable,
// require, verify-ca or verify-full with a CA file, as Supabase needs), the server's major checked
// (15–18), the role's privileges checked against what the push and cutover need, and one clear
// TargetError per way it can fail. The password is used to connect and never put into a message.
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import pg from 'pg';
import { TargetError, sqlState } from '../pg/errors.ts';
import { fileQuery } from '../pg/sql-files.ts';
import { one, rows } from '../pg/query.ts';
import { DEFAULT_SWAP_TABLES, type QualifiedName } from './swap-tables.ts';

export const SUPPORTED_MAJORS = { min: 15, max: 18 } as const;
export const sslModes = ['disable', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof sslModes)[number];

export interface TargetSpec {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  sslmode: SslMode;
  /** PEM file of the CA to trust (verify-ca / verify-full). */
  caFile: string | null;
}

export interface ConnectOptions {
  /** Overrides the URL's sslrootcert. */
  caFile?: string;
  /** Gives up on a server that does not answer within this long. Default 10 s. */
  timeoutMs?: number;
  /** Whose ownership is checked. Default: the four swapped tables. */
  tables?: readonly QualifiedName[];
  /** Throw when the role lacks a privilege the cutover needs (default), or only report it. */
  requirePrivileges?: boolean;
  supportedMajors?: { min: number; max: number };
}

export interface PrivilegeReport {
  canCreateSchema: boolean;
  tables: { schema: string; name: string; exists: boolean; owner: string | null; owned: boolean }[];
  auth: { table: string; exists: boolean; select: boolean; insert: boolean; update: boolean; delete: boolean; references: boolean }[];
  /** What is missing, in words; empty when the role can do everything needed. */
  missing: string[];
}

export interface TargetInfo {
  /** user@host:port/database, never with the password. */
  target: string;
  serverVersion: string;
  major: number;
  currentUser: string;
  isSuperuser: boolean;
  /** Whether this session is actually encrypted. */
  tls: boolean;
  sslmode: SslMode;
  privileges: PrivilegeReport;
}

export interface TargetConnection {
  client: pg.Client;
  info: TargetInfo;
  close(): Promise<void>;
}

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127\./.test(host);

/** Reads a postgres:// URL. Without sslmode, loopback hosts default to disable, others to require. */
export function parseTargetUrl(url: string, options: { caFile?: string } = {}): TargetSpec {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    throw new TargetError('bad_url', 'That is not a connection URL. Expected postgres://user:password@host:5432/database.');
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new TargetError('bad_url', `A connection URL starts with postgres:// or postgresql://, not ${u.protocol}//.`);
  }
  const decode = (s: string, what: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw new TargetError('bad_url', `The ${what} in the connection URL has a malformed %-escape.`);
    }
  };
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw new TargetError('bad_url', 'The connection URL names no host.');
  const port = u.port ? Number(u.port) : 5432;
  const user = decode(u.username, 'user name');
  if (!user) throw new TargetError('bad_url', `The connection URL for ${host} names no user.`);
  const database = decode(u.pathname.replace(/^\//, ''), 'database name') || 'postgres';
  const mode = u.searchParams.get('sslmode') ?? (isLoopback(host) ? 'disable' : 'require');
  if (!(sslModes as readonly string[]).includes(mode)) {
    throw new TargetError('bad_url', `sslmode=${mode} is not supported; use one of ${sslModes.join(', ')}.`);
  }
  const caFile = options.caFile ?? u.searchParams.get('sslrootcert');
  if ((mode === 'verify-ca' || mode === 'verify-full') && !caFile) {
    throw new TargetError('bad_url', `sslmode=${mode} needs the server's CA certificate: give its file (for Supabase, the certificate from the project's database settings).`);
  }
  return { host, port, database, user, password: decode(u.password, 'password'), sslmode: mode as SslMode, caFile: caFile ?? null };
}

export function describeTarget(spec: Pick<TargetSpec, 'user' | 'host' | 'port' | 'database'>): string {
  const host = spec.host.includes(':') ? `[${spec.host}]` : spec.host;
  return `${spec.user}@${host}:${spec.port}/${spec.database}`;
}

function tlsOptions(spec: TargetSpec): false | ConnectionOptions {
  if (spec.sslmode === 'disable') return false;
  if (spec.sslmode === 'require') return { rejectUnauthorized: false };
  let ca: string;
  try {
    ca = readFileSync(spec.caFile as string, 'utf8');
  } catch {
    throw new TargetError('tls', `Cannot read the CA certificate file ${spec.caFile}.`);
  }
  // verify-ca checks the chain only; verify-full also that the certificate names this host.
  return spec.sslmode === 'verify-ca' ? { ca, rejectUnauthorized: true, checkServerIdentity: () => undefined } : { ca, rejectUnauthorized: true };
}

/** Replaces the password (as given and URL-encoded) in text that came from elsewhere. */
export function redact(text: string, password: string): string {
  if (!password) return text;
  let out = text;
  for (const secret of new Set([password, encodeURIComponent(password)])) out = out.split(secret).join('••••');
  return out;
}

const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|CERT_|EPROTO)/;

/** Turns whatever pg or the network threw while connecting into the TargetError a person can act on. */
export function explainConnectError(error: unknown, spec: TargetSpec, timeoutMs: number): TargetError {
  if (error instanceof TargetError) return error;
  const e = error as { code?: string; message?: string };
  const code = e?.code ?? '';
  const detail = redact(String(e?.message ?? error), spec.password);
  const where = describeTarget(spec);
  const at = `${spec.host}:${spec.port}`;
  const state = sqlState(error);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return new TargetError('dns', `The host name ${spec.host} does not resolve (DNS: ${code}). Check the host in the URL; Supabase's direct host is IPv6-only, its session pooler is not.`);
  }
  if (code === 'ECONNREFUSED') return new TargetError('refused', `Nothing accepts connections at ${at}: the server is down or the port is wrong.`);
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return new TargetError('refused', `There is no network route to ${at} (${code}).`);
  if (code === 'ETIMEDOUT' || /timeout expired|connection timeout/i.test(detail)) {
    return new TargetError('timeout', `${at} did not answer within ${(timeoutMs / 1000).toFixed(1)} s: a firewall, a wrong port, or an overloaded server.`);
  }
  if (TLS_CODES.test(code) || /does not support SSL/i.test(detail)) {
    const why =
      /does not support SSL/i.test(detail) ? 'the server does not offer TLS (use sslmode=disable only for a local server)'
      : /altname|hostname|Host:/i.test(`${code} ${detail}`) ? `its certificate does not name ${spec.host}`
      : /self.signed|UNABLE_TO_|issuer/i.test(`${code} ${detail}`) ? 'its certificate is not signed by the CA you gave'
      : detail;
    return new TargetError('tls', `The TLS connection to ${at} failed: ${why}.`);
  }
  if (state === '28P01' || (state === '28000' && !/no encryption/i.test(detail))) {
    return new TargetError('auth', `${where} refused the user name or password.`);
  }
  if (state === '28000') return new TargetError('tls', `${at} accepts only encrypted connections: use sslmode=require or verify-full.`);
  if (/password must be a string|SASL/i.test(detail)) return new TargetError('auth', `${where} asks for a password and the URL has none.`);
  if (state === '3D000') return new TargetError('database', `${at} has no database named ${spec.database}.`);
  if (state === '53300') return new TargetError('other', `${at} has no connection slots left (too many connections).`);
  return new TargetError('other', `Could not connect to ${where}: ${detail}`);
}

export function checkServerVersion(versionNum: number, version: string, supported: { min: number; max: number } = SUPPORTED_MAJORS): number {
  const major = Math.floor(versionNum / 10_000);
  if (major < supported.min || major > supported.max) {
    throw new TargetError('version', `The server runs PostgreSQL ${version}; Cutover supports PostgreSQL ${supported.min} to ${supported.max}.`);
  }
  return major;
}

/** What the role can do that the push and the cutover need. */
export async function checkPrivileges(client: pg.ClientBase, tables: readonly QualifiedName[] = DEFAULT_SWAP_TABLES): Promise<PrivilegeReport> {
  const base = await one(client, fileQuery<{ can_create_schema: boolean; current_user: string; database: string }>('target/privileges-database'));
  const owned = await rows(
    client,
    fileQuery<{ schema: string; name: string; exists: boolean; owner: string | null; owned: boolean }>('target/privileges-tables', [
      tables.map((t) => t.schema),
      tables.map((t) => t.name),
    ]),
  );
  const auth = await rows(client, fileQuery<PrivilegeReport['auth'][number]>('target/privileges-auth'));
  const missing: string[] = [];
  if (!base.can_create_schema) missing.push(`create a schema in database ${base.database}`);
  for (const t of owned) {
    if (!t.exists) missing.push(`find ${t.schema}.${t.name} (it does not exist)`);
    else if (!t.owned) missing.push(`own ${t.schema}.${t.name} (its owner is ${t.owner})`);
  }
  for (const a of auth) {
    if (!a.exists) missing.push(`find ${a.table} (it does not exist)`);
    else {
      const lacking = (['select', 'insert', 'update', 'delete', 'references'] as const).filter((p) => !a[p]);
      if (lacking.length) missing.push(`${lacking.join(', ').toUpperCase()} on ${a.table}`);
    }
  }
  return { canCreateSchema: base.can_create_schema, tables: owned, auth, missing };
}

/** Connects, checks version and privileges, and returns the open client with what it found. */
export async function connectTarget(url: string, options: ConnectOptions = {}): Promise<TargetConnection> {
  const spec = parseTargetUrl(url, options.caFile === undefined ? {} : { caFile: options.caFile });
  const timeoutMs = options.timeoutMs ?? 10_000;
  const client = new pg.Client({
    host: spec.host,
    port: spec.port,
    database: spec.database,
    user: spec.user,
    password: spec.password,
    ssl: tlsOptions(spec),
    connectionTimeoutMillis: timeoutMs,
    application_name: 'cutover',
  });
  // A server that goes away later must not crash the engine; the next query reports it.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw explainConnectError(error, spec, timeoutMs);
  }
  try {
    const server = await one(client, fileQuery<{ version: string; version_num: number; current_user: string; superuser: boolean; tls: boolean }>('target/server'));
    const major = checkServerVersion(server.version_num, server.version, options.supportedMajors);
    const privileges = await checkPrivileges(client, options.tables ?? DEFAULT_SWAP_TABLES);
    if (privileges.missing.length && options.requirePrivileges !== false) {
      throw new TargetError('privileges', `Connected to ${describeTarget(spec)} as ${server.current_user}, but that role cannot ${privileges.missing.join('; ')}.`);
    }
    return {
      client,
      info: {
        target: describeTarget(spec),
        serverVersion: server.version,
        major,
        currentUser: server.current_user,
        isSuperuser: server.superuser,
        tls: server.tls,
        sslmode: spec.sslmode,
        privileges,
      },
      close: () => client.end(),
    };
  } catch (error) {
    await client.end().catch(() => undefined);
    if (error instanceof TargetError) throw error;
    throw new TargetError('other', `Connected to ${describeTarget(spec)}, but checking it failed: ${redact(String((error as Error).message), spec.password)}`);
  }
}

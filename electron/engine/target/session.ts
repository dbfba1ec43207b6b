// The engine's target: which Postgres it is (the demo production or a URL the operator gave),
// kept as a workspace setting without the password, which lives only in the secret store. Every
// use opens its own connection through connect.ts, so each is checked and explained the same way.
import { CutoverError, errors } from '../../../shared/api/errors.ts';
import type { TargetStatus } from '../../../shared/api/target.ts';
import type { EngineContext } from '../context.ts';
import { rememberSecret } from '../secrets.ts';
import type { TargetSettings } from '../workspace/settings.ts';
import { connectTarget, parseTargetUrl, type TargetConnection, type TargetInfo } from './connect.ts';

export const TARGET_PASSWORD = 'target.password' as const;

export function readTarget(ctx: EngineContext): TargetSettings {
  return ctx.workspace.settings.get('target');
}

export function targetStatus(ctx: EngineContext): TargetStatus {
  const s = readTarget(ctx);
  return {
    mode: s.mode,
    target: s.info?.target ?? null,
    serverVersion: s.info?.serverVersion ?? null,
    major: s.info?.major ?? null,
    currentUser: s.info?.currentUser ?? null,
    tls: s.info?.tls ?? false,
    missingPrivileges: s.info?.missingPrivileges ?? [],
    checkedAt: s.info?.checkedAt ?? null,
    hasPassword: s.mode === 'live' ? ctx.secrets.get(TARGET_PASSWORD) !== undefined : s.mode === 'demo',
  };
}

const infoOf = (info: TargetInfo): NonNullable<TargetSettings['info']> => ({
  target: info.target,
  serverVersion: info.serverVersion,
  major: info.major,
  currentUser: info.currentUser,
  tls: info.tls,
  missingPrivileges: info.privileges.missing,
  checkedAt: new Date().toISOString(),
});

/** The URL without its password (what the workspace keeps). */
function withoutPassword(url: string): string {
  const u = new URL(url.trim());
  u.password = '';
  return u.toString();
}

function withPassword(url: string, password: string): string {
  const u = new URL(url);
  u.password = encodeURIComponent(password);
  return u.toString();
}

/** Connects to a URL the operator typed; only a connection that works is kept. */
export async function connectLive(ctx: EngineContext, url: string, caFile: string | undefined): Promise<TargetStatus> {
  const spec = parseTargetUrl(url, caFile === undefined ? {} : { caFile });
  // A URL without a password takes the one already held (CUTOVER_TARGET_PASSWORD for the CLI).
  const password = spec.password || ctx.secrets.get(TARGET_PASSWORD) || '';
  // From here on every form of it is scrubbed from logs, errors and job records.
  if (password) rememberSecret(password);
  const conn = await connectTarget(password && !spec.password ? withPassword(url.trim(), password) : url, caFile === undefined ? {} : { caFile });
  try {
    ctx.secrets.set(TARGET_PASSWORD, password || undefined);
    ctx.workspace.settings.set('target', { mode: 'live', url: withoutPassword(url), caFile: caFile ?? null, demo: null, info: infoOf(conn.info) });
  } finally {
    await conn.close();
  }
  return targetStatus(ctx);
}

export async function connectDemo(ctx: EngineContext, options: { scale?: number | undefined; seed?: number | undefined }): Promise<TargetStatus> {
  const demo = ctx.workspace.settings.get('connection').demo;
  const scale = options.scale ?? demo?.scale ?? 1;
  const seed = options.seed ?? demo?.seed ?? 1;
  const { url } = await ctx.demoTarget.start(ctx, { scale, seed });
  const conn = await connectTarget(url);
  try {
    ctx.workspace.settings.set('target', { mode: 'demo', url: null, caFile: null, demo: { scale, seed }, info: infoOf(conn.info) });
  } finally {
    await conn.close();
  }
  return targetStatus(ctx);
}

/** A checked connection to the workspace's target (starting the demo production if that is it). */
export async function openTarget(ctx: EngineContext, opts: { requirePrivileges?: boolean } = {}): Promise<TargetConnection> {
  const s = readTarget(ctx);
  if (s.mode === 'none') throw errors.conflict('No target database yet: connect to one, or start the demo production.');
  if (s.mode === 'demo') {
    const { url } = await ctx.demoTarget.start(ctx, s.demo ?? { scale: 1, seed: 1 });
    return connectTarget(url, { requirePrivileges: opts.requirePrivileges ?? true });
  }
  const password = ctx.secrets.get(TARGET_PASSWORD);
  if (!s.url) throw new CutoverError('TARGET_FAILED', 'The target has no URL: connect again.');
  const url = password === undefined ? s.url : withPassword(s.url, password);
  return connectTarget(url, { ...(s.caFile ? { caFile: s.caFile } : {}), requirePrivileges: opts.requirePrivileges ?? true });
}

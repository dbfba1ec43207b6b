// Where each source is pulled from. Base URLs and the mode are workspace settings; keys live
// only in the secret store.
import type { ConnectionInput, ConnectionStatus } from '../../../shared/api/sources.ts';
import type { EngineContext } from '../context.ts';
import { keyHint } from '../secrets.ts';

export const DEFAULT_XENDIT_URL = 'https://api.xendit.co';
export const DEFAULT_SYSTEME_URL = 'https://api.systeme.io';

export interface ConnectionSettings {
  mode: 'none' | 'demo' | 'live';
  xenditBaseUrl: string;
  systemeBaseUrl: string;
  demo: { scale: number; seed: number; limits: 'test' | 'live' | 'off' } | null;
}

const DEFAULTS: ConnectionSettings = { mode: 'none', xenditBaseUrl: DEFAULT_XENDIT_URL, systemeBaseUrl: DEFAULT_SYSTEME_URL, demo: null };

export function readConnection(ctx: EngineContext): ConnectionSettings {
  return { ...DEFAULTS, ...ctx.workspace.getSetting<Partial<ConnectionSettings>>('connection', {}) };
}

export function writeConnection(ctx: EngineContext, settings: ConnectionSettings): void {
  ctx.workspace.setSetting('connection', settings);
}

export function connectionStatus(ctx: EngineContext, demoUrl: string | null = null): ConnectionStatus {
  const s = readConnection(ctx);
  const xKey = ctx.secrets.get('xendit.secretKey');
  const sKey = ctx.secrets.get('systeme.apiKey');
  return {
    mode: s.mode,
    xendit: { baseUrl: s.xenditBaseUrl, hasKey: Boolean(xKey), keyHint: keyHint(xKey) },
    systeme: { baseUrl: s.systemeBaseUrl, hasKey: Boolean(sKey), keyHint: keyHint(sKey) },
    demo: s.demo ? { ...s.demo, url: demoUrl ?? '' } : null,
  };
}

export function applyConnectionInput(ctx: EngineContext, input: ConnectionInput): void {
  const s = readConnection(ctx);
  const next: ConnectionSettings = { ...s, mode: 'live', demo: null };
  if (input.xendit?.baseUrl) next.xenditBaseUrl = input.xendit.baseUrl.replace(/\/+$/, '');
  if (input.systeme?.baseUrl) next.systemeBaseUrl = input.systeme.baseUrl.replace(/\/+$/, '');
  if (input.xendit?.secretKey) ctx.secrets.set('xendit.secretKey', input.xendit.secretKey);
  if (input.systeme?.apiKey) ctx.secrets.set('systeme.apiKey', input.systeme.apiKey);
  writeConnection(ctx, next);
}

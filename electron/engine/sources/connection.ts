// Where each source is pulled from. Base URLs and the mode are workspace settings; keys live
// only in the secret store.
import { errors } from '../../../shared/api/errors.ts';
import type { ConnectionInput, ConnectionStatus, SourceId } from '../../../shared/api/sources.ts';
import type { EngineContext, Endpoint } from '../context.ts';
import { keyHint, type SecretName } from '../secrets.ts';
import type { ConnectionSettings } from '../workspace/settings.ts';

export const sourceNames: Record<SourceId, string> = { xendit: 'Xendit', systeme: 'Systeme.io' };
export const sourceKeys: Record<SourceId, SecretName> = { xendit: 'xendit.secretKey', systeme: 'systeme.apiKey' };

export function readConnection(ctx: EngineContext): ConnectionSettings {
  return ctx.workspace.settings.get('connection');
}

export function writeConnection(ctx: EngineContext, settings: ConnectionSettings): void {
  ctx.workspace.settings.set('connection', settings);
}

export function connectionStatus(ctx: EngineContext): ConnectionStatus {
  const s = readConnection(ctx);
  const xKey = ctx.secrets.get('xendit.secretKey');
  const sKey = ctx.secrets.get('systeme.apiKey');
  return {
    mode: s.mode,
    xendit: { baseUrl: s.xenditBaseUrl, hasKey: Boolean(xKey), keyHint: keyHint(xKey) },
    systeme: { baseUrl: s.systemeBaseUrl, hasKey: Boolean(sKey), keyHint: keyHint(sKey) },
    demo: s.demo ? { ...s.demo, url: ctx.demo.url(ctx) ?? '' } : null,
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

/** Where to pull each requested source from; refuses when one is not connected. */
export async function resolveEndpoints(ctx: EngineContext, sources: readonly SourceId[]): Promise<Partial<Record<SourceId, Endpoint>>> {
  const s = readConnection(ctx);
  const found: Record<SourceId, Endpoint | null> =
    s.mode === 'demo'
      ? await ctx.demo.endpoints(ctx)
      : {
          xendit: keyed(s.xenditBaseUrl, ctx.secrets.get(sourceKeys.xendit)),
          systeme: keyed(s.systemeBaseUrl, ctx.secrets.get(sourceKeys.systeme)),
        };
  const missing = sources.filter((source) => !found[source]);
  if (missing.length) {
    throw errors.badInput(`Not connected: ${missing.map((m) => sourceNames[m]).join(' and ')}. Set the keys in Connect, or open the demo.`);
  }
  return Object.fromEntries(sources.map((source) => [source, found[source]!]));
}

const keyed = (baseUrl: string, key: string | undefined): Endpoint | null => (key ? { baseUrl, key } : null);

// Where each source is pulled from. Base URLs and the mode are workspace settings; keys live
// only in the secret store.
import { errors } from '../../../shared/api/errors.ts';
import { sourceUrlProblem, type ConnectionInput, type ConnectionStatus, type SourceId } from '../../../shared/api/sources.ts';
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

/**
 * Applies Connect's input. A key belongs to the place it was given for: a source whose base URL
 * changes loses its stored key unless the same call gives one, so a key is never sent to a
 * server it was not entered for.
 */
export function applyConnectionInput(ctx: EngineContext, input: ConnectionInput): void {
  const s = readConnection(ctx);
  const next: ConnectionSettings = { ...s, mode: 'live', demo: null };
  const apply = (source: SourceId, baseUrl: string | undefined, key: string | undefined, field: 'xenditBaseUrl' | 'systemeBaseUrl') => {
    if (baseUrl) {
      const url = baseUrl.replace(/\/+$/, '');
      if (url !== s[field] && !key) ctx.secrets.set(sourceKeys[source], undefined);
      next[field] = url;
    }
    if (key) ctx.secrets.set(sourceKeys[source], key);
  };
  apply('xendit', input.xendit?.baseUrl, input.xendit?.secretKey, 'xenditBaseUrl');
  apply('systeme', input.systeme?.baseUrl, input.systeme?.apiKey, 'systemeBaseUrl');
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
  for (const source of sources) if (found[source]) assertSendable(source, found[source]!.baseUrl);
  if (missing.length) {
    throw errors.badInput(`Not connected: ${missing.map((m) => sourceNames[m]).join(' and ')}. Set the keys in Connect, or open the demo.`);
  }
  return Object.fromEntries(sources.map((source) => [source, found[source]!]));
}

const keyed = (baseUrl: string, key: string | undefined): Endpoint | null => (key ? { baseUrl, key } : null);

/** A stored URL is checked again before a key goes to it (a workspace from before the rule, or edited by hand). */
function assertSendable(source: SourceId, baseUrl: string): void {
  const problem = sourceUrlProblem(baseUrl);
  if (problem) throw errors.badInput(`${sourceNames[source]}'s base URL ${JSON.stringify(baseUrl.slice(0, 200))} is refused (${problem}). Set it again in Connect.`);
}

// Which URLs the desktop shell trusts. Kept pure (no `electron` import) so it can be tested with
// hostile inputs: every check parses with URL and compares scheme and exact host, never substrings.

/** The app's own origin: the renderer is served from here by the app:// protocol handler. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'cutover';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Hosts the app may open in the user's browser (https only, exact match, default port). */
const EXTERNAL_HOSTS: ReadonlySet<string> = new Set([
  'docs.xendit.co',
  'developers.systeme.io',
  'help.systeme.io',
  'supabase.com',
]);

function parse(url: unknown): URL | null {
  if (typeof url !== 'string' || url.length > 4096) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for a URL on the app's own origin, and nothing else (no userinfo, no port, exact host). */
export function isAppUrl(url: unknown): boolean {
  const u = parse(url);
  // app: is not a WHATWG "special" scheme, so its host is not case-folded: 'Cutover' stays
  // 'Cutover' and is refused. Chromium canonicalises standard schemes, so real frames match.
  return (
    u !== null && u.protocol === `${APP_SCHEME}:` && u.hostname === APP_HOST && u.port === '' && u.username === '' && u.password === ''
  );
}

/** The canonical URL to hand to the OS browser, or null when it is not on the allow-list. */
export function externalUrlToOpen(url: unknown): string | null {
  const u = parse(url);
  if (!u || u.protocol !== 'https:' || u.username !== '' || u.password !== '' || u.port !== '') return null;
  // https: is special, so hostname is already lower-cased and IDNs are in punycode: a
  // look-alike such as 'docs.xendіt.co' (Cyrillic і) becomes 'docs.xn--…' and fails the match.
  return EXTERNAL_HOSTS.has(u.hostname) ? u.href : null;
}

export function isAllowedExternalUrl(url: unknown): boolean {
  return externalUrlToOpen(url) !== null;
}

/** What to do when a page tries to go to a URL (a click, a redirect, window.open). */
export type NavigationAction = 'allow' | 'open-external' | 'deny';

export function navigationAction(url: unknown): NavigationAction {
  if (isAppUrl(url)) return 'allow';
  return isAllowedExternalUrl(url) ? 'open-external' : 'deny';
}

/**
 * Requests the app's session refuses outright: the app works offline from app://, and the
 * engine (in its own process) is what talks to the network. The CSP already forbids these;
 * this is the second lock.
 */
export function isBlockedRequestUrl(url: unknown): boolean {
  if (typeof url !== 'string') return true;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  return scheme === undefined || ['http', 'https', 'ws', 'wss', 'ftp', 'file'].includes(scheme);
}

/** The Help menu's links; each must pass isAllowedExternalUrl. */
export const HELP_LINKS: readonly { label: string; url: string }[] = [
  { label: 'Xendit API documentation', url: 'https://docs.xendit.co/' },
  { label: 'Systeme.io API documentation', url: 'https://developers.systeme.io/' },
  { label: 'Systeme.io help centre', url: 'https://help.systeme.io/' },
  { label: 'Supabase documentation', url: 'https://supabase.com/docs' },
];

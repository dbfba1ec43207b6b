// The web host's per-launch access token. It arrives in the page URL's fragment (which browsers
// never send to servers), is kept in sessionStorage for reloads in this tab, and is removed from
// the address bar at once so it does not linger in history or screenshots.
// This runs before the router reads the hash, so `#token=…` is never taken for a route.
import { TOKEN_FRAGMENT_KEY } from '../../../shared/api/transport.ts';

const STORAGE_KEY = 'cutover.token';

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage disabled: the token lives only in memory
  }
}

let memoryToken: string | null = null;

/** Takes the token out of the fragment (if present), stores it, and returns the current token. */
export function takeToken(): string | null {
  const hash = window.location.hash.replace(/^#/, '');
  if (hash && !hash.startsWith('/')) {
    const params = new URLSearchParams(hash);
    const fromUrl = params.get(TOKEN_FRAGMENT_KEY);
    if (fromUrl) {
      memoryToken = fromUrl;
      storage()?.setItem(STORAGE_KEY, fromUrl);
      const route = params.get('route');
      const clean = `${window.location.pathname}${window.location.search}${route && route.startsWith('/') ? `#${route}` : ''}`;
      window.history.replaceState(null, '', clean);
    }
  }
  return memoryToken ?? storage()?.getItem(STORAGE_KEY) ?? null;
}

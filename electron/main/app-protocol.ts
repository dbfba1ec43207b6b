// The app:// protocol: serves the built renderer (dist/renderer) and nothing else, with the
// strict CSP. Pure Node (global Request/Response, no `electron` import) so traversal and
// header rules are tested directly; main.ts hands it to protocol.handle.
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../web/guards.ts';
import { isAppUrl } from './trusted-url.ts';

// One policy for both hosts (no inline script or style, nothing off-origin): the web host's.
export { CONTENT_SECURITY_POLICY };

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file under rootDir an app:// URL names, or null when the URL is not on the app origin or
 * tries to leave rootDir (dot segments, encoded separators, backslashes, NUL bytes).
 */
export function resolveAppFile(rootDir: string, url: string): string | null {
  if (!isAppUrl(url)) return null;
  // The URL parser has already removed plain and %2e dot segments. Encoded separators are
  // refused outright, so decoding (once) cannot create new segments.
  const raw = new URL(url).pathname;
  if (/%2f|%5c/i.test(raw)) return null;
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  const segments = path.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '.' || s === '..' || s.includes(':'))) return null;
  if (segments.length === 0) segments.push('index.html');
  const root = resolve(rootDir);
  const file = resolve(root, ...segments);
  return file.startsWith(root + sep) ? file : null;
}

function baseHeaders(contentType: string): Headers {
  return new Headers({
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-cache',
  });
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: baseHeaders('text/plain; charset=utf-8') });
}

/** Answers one app:// request from rootDir. */
export async function serveAppRequest(rootDir: string, request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed.');
  const file = resolveAppFile(rootDir, request.url);
  if (!file) return plain(404, 'Not found.');
  try {
    const info = await stat(file);
    if (!info.isFile()) return plain(404, 'Not found.');
    const body = request.method === 'HEAD' ? null : await readFile(file);
    return new Response(body, { status: 200, headers: baseHeaders(contentTypeFor(file)) });
  } catch {
    if (file === resolve(rootDir, 'index.html')) return plain(503, 'The renderer is not built. Run `npm run build`, then start again.');
    return plain(404, 'Not found.');
  }
}

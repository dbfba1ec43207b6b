// Request checks for the web host, kept pure so they can be tested with hostile inputs.
import { timingSafeEqual } from 'node:crypto';
import type { ErrorCode } from '../../shared/api/errors.ts';

/** Only the exact loopback names we listen on: a foreign Host means DNS rebinding or a proxy. */
export function isAllowedHost(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  return hostHeader === `127.0.0.1:${port}` || hostHeader === `localhost:${port}`;
}

/** A cross-site page may send requests; only our own origin (or none, e.g. curl) is accepted. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

/** Exactly application/json (a charset parameter aside, UTF-8 only): `application/jsonp` or `application/json-seq` are not JSON calls. */
export function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const [type, ...params] = header.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.every((p) => p === '' || p === 'charset=utf-8' || p === 'charset="utf-8"');
}

export function tokenMatches(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function bearer(header: string | undefined): string | null {
  const m = /^Bearer ([A-Za-z0-9_-]{16,200})$/.exec(header ?? '');
  return m ? m[1]! : null;
}

export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case 'BAD_INPUT':
      return 400;
    case 'UNAUTHORIZED':
      return 401;
    case 'NOT_FOUND':
    case 'UNKNOWN_PROCEDURE':
      return 404;
    case 'CONFLICT':
    case 'CANCELLED':
      return 409;
    case 'WORKSPACE_LOCKED':
      return 423;
    case 'INTERNAL':
      return 500;
    default:
      return 422;
  }
}

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

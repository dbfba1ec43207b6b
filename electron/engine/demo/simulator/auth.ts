// Authentication as each API does it. Xendit: HTTP Basic with the secret key as the username and an
// empty password (research/xendit.md §1). Systeme.io: the key in `X-API-Key` (research/systemeio.md §1).
import { randomBytes } from 'node:crypto';
import { systemeError, xenditError, type RouteResult } from './response.ts';
import type { SimulatorKeys } from './types.ts';

export const XENDIT_TEST_PREFIX = 'xnd_development_';
export const XENDIT_LIVE_PREFIX = 'xnd_production_';

export type AuthOutcome = { ok: true; key: string } | { ok: false; result: RouteResult };

/** Fresh keys per simulator, so a client can't pass by hard-coding one. */
export function generateKeys(overrides: Partial<SimulatorKeys> | undefined): SimulatorKeys {
  const xendit = overrides?.xendit ?? `${XENDIT_TEST_PREFIX}${randomBytes(24).toString('hex')}`;
  if (!xendit.startsWith(XENDIT_TEST_PREFIX)) {
    throw new Error(`the simulator's Xendit key must start with ${XENDIT_TEST_PREFIX}`);
  }
  return { xendit, systeme: overrides?.systeme ?? randomBytes(24).toString('base64url') };
}

/** The username of a Basic credential, or null when the header is not Basic. */
function basicUsername(header: string | undefined): string | null {
  const match = header ? /^Basic\s+(\S+)\s*$/i.exec(header) : null;
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  // `key:` is the documented form; a bare `key` (no colon) is treated as the username too.
  const colon = decoded.indexOf(':');
  return colon >= 0 ? decoded.slice(0, colon) : decoded;
}

export function checkXenditAuth(header: string | undefined, expected: string): AuthOutcome {
  const key = basicUsername(header);
  if (key?.startsWith(XENDIT_LIVE_PREFIX)) {
    // The simulator must never be a place where a live key works or gets echoed back.
    return {
      ok: false,
      result: xenditError(403, 'ACCESS_SUSPENDED', 'Live (xnd_production_) keys are refused by the simulator'),
    };
  }
  if (!key || !key.startsWith(XENDIT_TEST_PREFIX) || key !== expected) {
    return {
      ok: false,
      result: xenditError(
        401,
        'INVALID_API_KEY',
        'API key is not authorized for this API service',
      ),
    };
  }
  return { ok: true, key };
}

export function checkSystemeAuth(header: string | string[] | undefined, expected: string): AuthOutcome {
  const key = Array.isArray(header) ? header[0] : header;
  if (!key || key !== expected) {
    return {
      ok: false,
      result: systemeError(401, key ? 'Invalid API key.' : 'API key is missing.'),
    };
  }
  return { ok: true, key };
}

// Why a request got no answer, read from the cause fetch gives (undici puts the system error
// under `cause`), and what a retry can do about it: a host name that does not resolve or a TLS
// handshake that fails will fail the same way again, a refused connection is worth a couple of
// quick tries (a service restarting), a timeout or a dropped connection the usual retries.

export type NetworkFailure = 'dns' | 'tls' | 'refused' | 'timeout' | 'dropped';

export interface NetworkCause {
  kind: NetworkFailure;
  /** The system or TLS error code, when there is one (ENOTFOUND, ECONNREFUSED, ERR_SSL_…). */
  code: string | null;
  /** How many attempts in all it is worth: 1 = fail at once; null = the caller's usual limit. */
  attempts: number | null;
}

/** Quick tries for a refused connection (or a DNS server that says "try again"). */
export const QUICK_ATTEMPTS = 3;

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA', 'ENODATA']);
const FLAKY_DNS_CODES = new Set(['EAI_AGAIN']);
const REFUSED_CODES = new Set(['ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const TLS_CODE = /^(ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|HOSTNAME_MISMATCH$|EPROTO$)/;

/** The innermost error code in a fetch error's cause chain (AggregateErrors: the first of theirs). */
function codeOf(err: unknown): string | null {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'ABORT_ERR') return code;
    const inner = (e as { errors?: unknown[] }).errors?.[0];
    e = inner ?? (e as { cause?: unknown }).cause;
  }
  return null;
}

export function networkCause(err: unknown): NetworkCause {
  if ((err as Error | null)?.name === 'TimeoutError') return { kind: 'timeout', code: null, attempts: null };
  const code = codeOf(err);
  if (code === null) return { kind: 'dropped', code, attempts: null };
  if (DNS_CODES.has(code)) return { kind: 'dns', code, attempts: 1 };
  if (FLAKY_DNS_CODES.has(code)) return { kind: 'dns', code, attempts: QUICK_ATTEMPTS };
  if (TLS_CODE.test(code)) return { kind: 'tls', code, attempts: 1 };
  if (REFUSED_CODES.has(code)) return { kind: 'refused', code, attempts: QUICK_ATTEMPTS };
  if (TIMEOUT_CODES.has(code)) return { kind: 'timeout', code, attempts: null };
  return { kind: 'dropped', code, attempts: null };
}

/** The retry reason, in a few words ("connection refused (ECONNREFUSED)"). */
export function causeText(cause: NetworkCause, timeoutMs: number): string {
  const code = cause.code ? ` (${cause.code})` : '';
  switch (cause.kind) {
    case 'dns':
      return `the host name does not resolve${code}`;
    case 'tls':
      return `the secure connection failed${code}`;
    case 'refused':
      return `connection refused${code}`;
    case 'timeout':
      return cause.code ? `timed out${code}` : `timed out after ${timeoutMs < 10_000 ? (timeoutMs / 1000).toFixed(1) : Math.round(timeoutMs / 1000)} s`;
    case 'dropped':
      return `the connection dropped${code}`;
  }
}

/** What to tell the user when the source cannot be reached for this cause: which host, why, what to check. */
export function unreachableMessage(source: string, host: string, cause: NetworkCause, attempts: number, timeoutMs: number): string {
  const tries = attempts === 1 ? '' : `, ${attempts} tries`;
  switch (cause.kind) {
    case 'dns':
      return `Cannot reach ${source}: the host name ${host} does not resolve (DNS lookup failed, ${cause.code}${tries}). Check the address in Connect, and this machine's network.`;
    case 'tls':
      return `Cannot reach ${source} at ${host}: the secure connection failed (TLS error ${cause.code}). Check that the address is right (https for a TLS server) and that nothing on the network intercepts the connection.`;
    case 'refused':
      return `Cannot reach ${source} at ${host}: the connection was refused (${cause.code}${tries}). Check the address in Connect and that the service is up.`;
    case 'timeout':
      return `${source} at ${host} did not answer: ${causeText(cause, timeoutMs)}${tries}; run the pull again to resume.`;
    case 'dropped':
      return `${source} at ${host} kept dropping the connection${cause.code ? ` (${cause.code})` : ''}${tries}; run the pull again to resume.`;
  }
}

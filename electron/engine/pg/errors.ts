// What went wrong talking to a Postgres target, as one CutoverError code (TARGET_FAILED) with a
// reason the engine can branch on. Messages are written for a person and never carry a password.
import { CutoverError } from '../../../shared/api/errors.ts';

export const targetFailureReasons = [
  'dns', // the host name does not resolve
  'refused', // nothing listens at host:port
  'timeout', // no answer in time
  'tls', // TLS was required and failed (no TLS on the server, bad certificate, wrong host name)
  'auth', // wrong user or password, or pg_hba refused us
  'database', // the database does not exist
  'version', // a server major we do not support
  'privileges', // connected, but the role cannot do what the cutover needs
  'lock_timeout', // gave up waiting for locks
  'refused_plan', // a cutover plan that cannot run (refusals), or no longer matches the target
  'verification', // a check before COMMIT found a problem, so nothing was committed
  'busy', // another cutover or rollback holds the target
  'bad_url', // the URL or its options cannot be used
  'other',
] as const;
export type TargetFailureReason = (typeof targetFailureReasons)[number];

export class TargetError extends CutoverError {
  constructor(
    readonly reason: TargetFailureReason,
    message: string,
  ) {
    super('TARGET_FAILED', message);
    this.name = 'TargetError';
  }
}

/** The SQLSTATE of a server error, if it is one. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

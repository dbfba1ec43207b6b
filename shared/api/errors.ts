// The error vocabulary every transport carries unchanged: a code the UI can act on and a
// message a person can read. Plain objects, so they cross IPC, HTTP and the CLI alike. Codes
// travel as data from where an error is raised to where it is shown; a message common to many
// places has one factory here.
import { z } from 'zod';

export const errorCodes = [
  'BAD_INPUT', // the input failed its schema
  'UNKNOWN_PROCEDURE',
  'NOT_FOUND',
  'CONFLICT', // the state does not allow it now
  'WORKSPACE_LOCKED', // another engine has the workspace open
  'WORKSPACE_TOO_NEW', // created by a newer version of the app
  'WORKSPACE_NOT_FOUND', // no workspace where one was to be opened (and this call may not create one)
  'WORKSPACE_UNUSABLE', // the folder or cache cannot be used as it is (a file, read-only, not a database, damaged)
  'AUTH_FAILED', // a source refused the credentials
  'SOURCE_FAILED', // a source kept failing after retries
  'TARGET_FAILED', // the target Postgres could not be reached, refused us, or lacks what we need
  'CANCELLED',
  'UNAUTHORIZED', // transport-level: token or sender rejected
  'INTERNAL',
] as const;
export const ErrorCode = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ApiErrorBody = z.object({
  code: ErrorCode,
  message: z.string(),
  /** Per-field problems for BAD_INPUT. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

/** Thrown by the engine; serialised to ApiErrorBody by every transport. */
export class CutoverError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ApiErrorBody['issues'],
  ) {
    super(message);
    this.name = 'CutoverError';
  }

  toBody(): ApiErrorBody {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
}

export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  return ApiErrorBody.safeParse(value).success;
}

export function isCutoverError(err: unknown, code?: ErrorCode): err is CutoverError {
  return err instanceof CutoverError && (code === undefined || err.code === code);
}

/** Any thrown value as the body every transport carries; unknown errors become INTERNAL. */
export function toErrorBody(err: unknown): ApiErrorBody {
  if (err instanceof CutoverError) return err.toBody();
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message: `Unexpected error: ${message}` };
}

/** The messages many places raise, each written once. */
export const errors = {
  cancelled: () => new CutoverError('CANCELLED', 'Cancelled; the work done so far is kept.'),
  shuttingDown: () => new CutoverError('CANCELLED', 'The engine is shutting down.'),
  notFound: (what: string) => new CutoverError('NOT_FOUND', `No ${what}.`),
  badInput: (message: string, issues?: ApiErrorBody['issues']) => new CutoverError('BAD_INPUT', message, issues),
  conflict: (message: string) => new CutoverError('CONFLICT', message),
};

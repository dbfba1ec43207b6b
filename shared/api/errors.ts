// The error vocabulary every transport carries unchanged: a code the UI can act on and a
// message a person can read. Plain objects, so they cross IPC, HTTP and the CLI alike.
import { z } from 'zod';

export const errorCodes = [
  'BAD_INPUT', // the input failed its schema
  'UNKNOWN_PROCEDURE',
  'NOT_FOUND',
  'CONFLICT', // e.g. a job of that kind is already running
  'WORKSPACE_LOCKED', // another engine has the workspace open
  'WORKSPACE_TOO_NEW', // created by a newer version of the app
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

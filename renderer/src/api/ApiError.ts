// A failed call, as the engine (or the transport) reported it: a code to act on, a message to show.
import type { ApiErrorBody, ErrorCode } from '../../../shared/api/errors.ts';

export type Issue = NonNullable<ApiErrorBody['issues']>[number];

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly issues: Issue[];

  constructor(code: ErrorCode, message: string, issues?: Issue[]) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.issues = issues ?? [];
  }

  static fromBody(body: ApiErrorBody): ApiError {
    return new ApiError(body.code, body.message, body.issues);
  }
}

/** One BAD_INPUT issue as a line: "path: message" (just the message when it has no path). */
export function issueText(issue: Issue): string {
  return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
}

/** A person-readable line for anything thrown. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'UNAUTHORIZED') return `${err.message} Open the URL printed by \`npm start\`, which includes the access token.`;
    const issues = err.issues.map(issueText);
    return issues.length && !issues.some((i) => err.message.includes(i)) ? `${err.message} (${issues.join('; ')})` : err.message;
  }
  if (err instanceof Error) return err.message;
  return String(err);
}

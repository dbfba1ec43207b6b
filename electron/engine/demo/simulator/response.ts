// What a route hands back to the server: a fully rendered body plus what stats need to know.

export interface RouteResult {
  status: number;
  body: string;
  contentType: string;
  /** Records in the body (0 for errors). */
  count: number;
}

export const JSON_TYPE = 'application/json; charset=utf-8';
export const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

export function jsonResult(status: number, body: unknown, contentType = JSON_TYPE): RouteResult {
  return { status, body: JSON.stringify(body), contentType, count: 0 };
}

/** Xendit's error body: `{error_code, message[, errors]}` (research/xendit.md §1, §4). */
export function xenditError(
  status: number,
  errorCode: string,
  message: string,
  errors?: Array<{ path: string; message: string }>,
): RouteResult {
  return jsonResult(status, errors ? { error_code: errorCode, message, errors } : { error_code: errorCode, message });
}

/** Systeme.io's non-validation error body: `{detail}` (what known clients' tests mock). */
export function systemeError(status: number, detail: string): RouteResult {
  return jsonResult(status, { detail });
}

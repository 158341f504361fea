/**
 * How delivery reacts to a failed write: retry later (with exponential backoff and jitter),
 * pause the whole tenant until the org's API allocation frees, or give up on a record for good.
 */
export type FailureKind = 'transient' | 'limit' | 'permanent';

/** Per-record error codes worth retrying (row locks and platform hiccups). */
const TRANSIENT_RECORD_CODES = new Set(['UNABLE_TO_LOCK_ROW', 'SERVER_UNAVAILABLE', 'REQUEST_RUNNING_TOO_LONG']);

/**
 * Whole-request errors that retrying cannot fix (the request itself is wrong or not allowed).
 * Anything else (5xx such as UNKNOWN_EXCEPTION, timeouts, network errors, an unknown code) is
 * retried, a bounded number of times.
 */
const PERMANENT_REQUEST_CODES = new Set([
  'JSON_PARSER_ERROR',
  'INVALID_FIELD',
  'INVALID_TYPE',
  'INVALID_INPUT',
  'NOT_FOUND',
  'MALFORMED_QUERY',
  'METHOD_NOT_ALLOWED',
  'API_DISABLED_FOR_ORG',
  'INSUFFICIENT_ACCESS',
  'INSUFFICIENT_ACCESS_OR_READONLY',
  'INVALID_FIELD_FOR_INSERT_UPDATE',
  'FIELD_INTEGRITY_EXCEPTION',
  'EXCEEDED_ID_LIMIT',
  'MULTIPLE_API_ERRORS'
]);

export interface DescribedFailure {
  kind: FailureKind;
  code: string;
  message: string;
}

/** Classifies an error thrown for a whole request (jsforce HttpApiError, network, timeout). */
export function describeRequestFailure(error: unknown): DescribedFailure {
  const e = error as { errorCode?: string; name?: string; code?: string; message?: string; cause?: { code?: string } };
  const code = e.errorCode ?? e.code ?? e.cause?.code ?? e.name ?? 'UNKNOWN';
  const message = e.message ?? String(error);
  if (code === 'REQUEST_LIMIT_EXCEEDED') return { kind: 'limit', code, message };
  return { kind: PERMANENT_REQUEST_CODES.has(code) ? 'permanent' : 'transient', code, message };
}

/** Classifies one record's error from a collections response. */
export function describeRecordFailure(errors: { statusCode?: string; message?: string }[]): DescribedFailure {
  const first = errors[0];
  const code = first?.statusCode ?? 'UNKNOWN';
  const message = errors.map((e) => `${e.statusCode ?? 'ERROR'}: ${e.message ?? ''}`).join('; ');
  if (code === 'REQUEST_LIMIT_EXCEEDED') return { kind: 'limit', code, message };
  return { kind: TRANSIENT_RECORD_CODES.has(code) ? 'transient' : 'permanent', code, message };
}

/** Exponential backoff with "equal jitter": half fixed, half random, so retries spread out. */
export function backoffDelay(
  attempt: number,
  options: { baseMs: number; maxMs: number },
  random: () => number = Math.random
): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

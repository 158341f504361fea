/**
 * Every refusal the HTTP API gives: a status, a stable code for programs and a message in plain
 * words for people (Apex shows it to the agent or admin as is).
 */
export const API_ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'INVALID_REQUEST',
  'INVALID_NUMBER',
  'NOT_FOUND',
  'RECORDING_NOT_FOUND',
  'RING_CHANNEL_DISABLED',
  'USER_NOT_MAPPED',
  'PBX_USER_NOT_FOUND',
  'DESTINATION_OUT_OF_ORDER',
  'NO_ANSWER',
  'USER_BUSY',
  'CALL_REJECTED',
  'NO_DEVICES',
  'NOT_YOUR_CALL',
  'CALL_NOT_FOUND',
  'CALL_NOT_RINGING',
  'CALL_NOT_CONNECTED',
  'NO_CONSULTATION',
  'CONSULT_RINGING',
  'TRANSFER_NOT_STARTED',
  'ACCOUNT_MISMATCH',
  'EVENT_REJECTED',
  'METHOD_NOT_ALLOWED',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'RANGE_NOT_SATISFIABLE',
  'RATE_LIMITED',
  'PBX_UNAVAILABLE',
  'NOT_READY',
  'STORE_UNAVAILABLE',
  'INTERNAL'
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export interface ApiErrorIssue {
  path: string;
  message: string;
}

/** Thrown by handlers and hooks; the server's error handler turns it into the JSON error body. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: ApiErrorIssue[]
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The response body: `{ error: { code, message, issues? } }`. */
  toBody(): { error: { code: ApiErrorCode; message: string; issues?: ApiErrorIssue[] } } {
    const error = { code: this.code, message: this.message };
    return { error: this.issues ? { ...error, issues: this.issues } : error };
  }
}

/**
 * The error codes multirank answers with, each mapped to one HTTP status in one table.
 *
 * Core modules throw `MultirankError` with a code; the HTTP error handler turns it into
 * `{ error: { code, message } }` and the CLI prints the message. Nothing outside this file
 * decides which status a code gets.
 */

/** HTTP status for every error code the service can produce. */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

/** One of the codes in ERROR_STATUS. */
export type ErrorCode = keyof typeof ERROR_STATUS;

/** An error meant to reach the caller: its message is safe to show (unless the code is INTERNAL). */
export class MultirankError extends Error {
  readonly statusCode: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'MultirankError';
    this.statusCode = ERROR_STATUS[code];
  }
}

/** Maps an HTTP status (for errors raised by fastify itself) back to our closest code. */
export function codeForStatus(status: number): ErrorCode {
  for (const [code, codeStatus] of Object.entries(ERROR_STATUS)) {
    if (codeStatus === status) return code as ErrorCode;
  }
  return status >= 500 ? 'INTERNAL' : 'BAD_REQUEST';
}

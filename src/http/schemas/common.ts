/** Schema building blocks shared by every route: the error body, error responses, security. */
import { type Static, Type } from '@sinclair/typebox';
import { ERROR_STATUS, type ErrorCode } from '../../errors.js';

const errorProperties = {
  error: Type.Object({
    code: Type.Union(
      Object.keys(ERROR_STATUS).map((code) => Type.Literal(code)),
      { description: 'Stable machine-readable code.' },
    ),
    message: Type.String({ description: 'What went wrong; names the offending field for bad input.' }),
  }),
};

/** The one error body every route answers with on failure. */
export const ErrorBody = Type.Object(errorProperties, { $id: 'ErrorBody', title: 'ErrorBody' });
export type ErrorBody = Static<typeof ErrorBody>;

/** What each error status means for a caller, its code, and an example message (OpenAPI). */
const ERROR_DOCS: Record<number, { code: ErrorCode; description: string; message: string }> = {
  400: {
    code: 'BAD_REQUEST',
    description: 'Bad request: the message names the offending field.',
    message: 'body/limit must be >= 1',
  },
  401: {
    code: 'UNAUTHORIZED',
    description: 'Admin key missing or not accepted (x-api-key or authorization: Bearer).',
    message: 'admin key required: send it as x-api-key: <key> or authorization: Bearer <key>',
  },
  403: {
    code: 'FORBIDDEN',
    description: 'The admin API is off: MULTIRANK_ADMIN_KEY is not set.',
    message: 'admin API disabled: set MULTIRANK_ADMIN_KEY',
  },
  404: { code: 'NOT_FOUND', description: 'Not found.', message: 'no experiment "likes-and-watch-2025-06"' },
  409: {
    code: 'CONFLICT',
    description:
      'Conflicts with the current state: experiments are read-only without Redis, or other writers kept changing it (retry).',
    message:
      'experiments are read-only without Redis: edit MULTIRANK_EXPERIMENTS_FILE and redeploy, or set REDIS_URL',
  },
  413: {
    code: 'PAYLOAD_TOO_LARGE',
    description: 'Body over MULTIRANK_BODY_LIMIT.',
    message: 'Request body is too large',
  },
  415: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    description: 'The body is not application/json.',
    message: 'Unsupported Media Type',
  },
  429: {
    code: 'TOO_MANY_REQUESTS',
    description: 'Over the per-client rate limit (MULTIRANK_RATE_LIMIT_PER_MINUTE); retry-after says when.',
    message: 'rate limit of 6000 requests per minute exceeded; retry in 12 seconds',
  },
  503: {
    code: 'UNAVAILABLE',
    description:
      'Unavailable for now (load shed, a store unreachable, shutting down); retry after retry-after.',
    message: 'the service is shutting down; retry (another replica)',
  },
};

/** Headers a caller acts on, documented on the statuses that send them. */
const ERROR_HEADERS: Record<number, Record<string, { type: 'string'; description: string }>> = {
  401: { 'www-authenticate': { type: 'string', description: 'The scheme to use: `Bearer`.' } },
  429: { 'retry-after': { type: 'string', description: 'Seconds until the rate window resets.' } },
  503: { 'retry-after': { type: 'string', description: 'Seconds to wait before retrying.' } },
};

/**
 * The error body of one status, documented for OpenAPI: what the status means, its headers, and an
 * example (`message` overrides the generic one where a route knows a better example).
 */
export function errorResponse(status: number, message?: string) {
  const doc = ERROR_DOCS[status];
  if (!doc) throw new Error(`errorResponse: no documentation for status ${status}`);
  const headers = ERROR_HEADERS[status];
  return Type.Object(errorProperties, {
    description: doc.description,
    examples: [{ error: { code: doc.code, message: message ?? doc.message } }],
    ...(headers ? { headers } : {}),
  });
}

/** Response entries for the error statuses a route may produce. */
export function errorResponses(...statuses: number[]): Record<number, ReturnType<typeof errorResponse>> {
  return Object.fromEntries(statuses.map((status) => [status, errorResponse(status)]));
}

/**
 * `security` of the admin routes: the admin key (MULTIRANK_ADMIN_KEY) as `x-api-key`, or as
 * `authorization: Bearer` (src/http/plugins/admin-auth.ts); the schemes are in swagger.ts.
 */
export const ADMIN_SECURITY: { [scheme: string]: string[] }[] = [{ apiKey: [] }, { bearerAuth: [] }];

/** `security` of the public routes: none (stated, so the document says so rather than forgets). */
export const PUBLIC: { [scheme: string]: string[] }[] = [];

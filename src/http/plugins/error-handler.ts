/**
 * The single error handler: every failure leaves as `{ error: { code, message } }`.
 * 4xx messages pass through (they describe the caller's mistake, naming the field);
 * 5xx details are logged with the request id and hidden from the caller, except a 503 raised on
 * purpose (MultirankError 'UNAVAILABLE': no scoring capacity, Redis unavailable), which names why
 * and carries Retry-After.
 *
 * Two kinds of failure never reach a fastify error handler, so this file also answers them, for
 * app.ts to pass as server options: `frameworkErrors`, what the router raises before any route is
 * found (a path that does not percent-decode, a path parameter over the router's limit); and
 * `clientErrorHandler`, what Node's HTTP parser raises on the socket (a request not received in
 * time, headers too large, bytes that are not HTTP).
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type {
  ConnectionError,
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifyServerOptions,
} from 'fastify';
import fp from 'fastify-plugin';
import { codeForStatus, MultirankError } from '../../errors.js';

/** Options of the error handler. */
export interface ErrorHandlerOptions {
  /** Retry-After of a 503 raised on purpose (a busy scoring worker, Redis unavailable). */
  retryAfterSeconds?: number;
}

type AnyError = FastifyError | MultirankError;

function statusOf(error: AnyError): number {
  const status = error.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

/** Answers one error in the service's format; shared by the error handler and `frameworkErrors`. */
function errorReplier(options: ErrorHandlerOptions) {
  return (error: AnyError, request: FastifyRequest, reply: FastifyReply) => {
    const status = statusOf(error);
    const code = error instanceof MultirankError ? error.code : codeForStatus(status);
    if (error instanceof MultirankError && code === 'UNAVAILABLE') {
      // Not a fault: say why and when to come back. Logged at info like any refusal: the cause
      // (Redis down, workers busy) is logged once where it happens, and a warning per refused
      // request would flood the log exactly while the service is short of something.
      request.log.info({ code, message: error.message }, 'request refused: unavailable');
      return reply
        .status(503)
        .header('retry-after', String(options.retryAfterSeconds ?? 1))
        .send({ error: { code, message: error.message } });
    }
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.status(status).send({ error: { code, message: 'internal error; see the server log' } });
    }
    request.log.info({ code, message: error.message }, 'request rejected');
    return reply.status(status).send({ error: { code, message: error.message } });
  };
}

/** A request path as shown in a message: quoted, and cut short when a caller sent kilobytes. */
function shownPath(url: string): string {
  const path = url.split('?', 1)[0] ?? '';
  return JSON.stringify(path.length > 200 ? `${path.slice(0, 200)}…` : path);
}

/** Options of `frameworkErrors`. */
export interface FrameworkErrorOptions extends ErrorHandlerOptions {
  /** The router's longest path parameter (`routerOptions.maxParamLength`), named in the message. */
  maxParamLength: number;
}

/**
 * fastify's `frameworkErrors` server option. These replies run no hooks (no route was found), so
 * the x-request-id and nosniff headers the hooks would add are set here.
 */
export function frameworkErrors(options: FrameworkErrorOptions): FastifyServerOptions['frameworkErrors'] {
  const replyWith = errorReplier(options);
  return (error, request, reply) => {
    reply.header('x-request-id', request.id).header('x-content-type-options', 'nosniff');
    const path = shownPath(request.url);
    if (error.code === 'FST_ERR_BAD_URL') {
      const message = `path: ${path} is not a valid URL (malformed percent-encoding)`;
      return replyWith(new MultirankError('BAD_REQUEST', message), request, reply);
    }
    if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
      const message = `path: ${path} has a segment longer than ${options.maxParamLength} characters`;
      return replyWith(new MultirankError('BAD_REQUEST', message), request, reply);
    }
    return replyWith(error, request, reply);
  };
}

/** What Node's parser reported, as a status and a message for the caller. */
function clientFailure(error: ConnectionError): [status: number, message: string] {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return [408, 'request not received in time; connection closed'];
  if (error.code === 'HPE_HEADER_OVERFLOW') return [431, 'request headers too large'];
  return [400, 'malformed HTTP request'];
}

/**
 * fastify's `clientErrorHandler` server option: as fastify's default (answer if the socket still
 * takes it, then destroy it), with the body in the service's format. There is no request, so no
 * request id; the status keeps Node's (408, 431, 400), the code is the closest of ours.
 */
export function clientErrorHandler(error: ConnectionError, socket: Socket): void {
  // A reset socket is gone: nothing to answer (https://nodejs.org/api/http.html#event-clienterror).
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message] = clientFailure(error);
  const body = JSON.stringify({ error: { code: codeForStatus(status), message } });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        'content-type: application/json; charset=utf-8\r\n' +
        'x-content-type-options: nosniff\r\n' +
        'connection: close\r\n' +
        `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

async function errorHandler(app: FastifyInstance, options: ErrorHandlerOptions): Promise<void> {
  app.setErrorHandler(errorReplier(options));

  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send({ error: { code: 'NOT_FOUND', message: `no route ${request.method} ${request.url}` } }),
  );
}

/** Registers the error and not-found handlers. */
export default fp(errorHandler, { name: 'error-handler' });

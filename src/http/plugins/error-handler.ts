/**
 * The single error handler: every failure leaves as `{ error: { code, message } }`.
 * 4xx messages pass through (they describe the caller's mistake, naming the field);
 * 5xx details are logged with the request id and hidden from the caller, except a 503 the core
 * raised for want of capacity, which names why and carries Retry-After.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { codeForStatus, MultirankError } from '../../errors.js';

function statusOf(error: FastifyError | MultirankError): number {
  const status = error.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

/** Options of the error handler. */
export interface ErrorHandlerOptions {
  /** Retry-After of a 503 the core raised (a busy or replaced scoring worker). */
  retryAfterSeconds?: number;
}

async function errorHandler(app: FastifyInstance, options: ErrorHandlerOptions): Promise<void> {
  app.setErrorHandler((error: FastifyError | MultirankError, request, reply) => {
    const status = statusOf(error);
    const code = error instanceof MultirankError ? error.code : codeForStatus(status);
    if (error instanceof MultirankError && code === 'UNAVAILABLE') {
      // Capacity, not a fault: say why and when to come back, as load shedding does.
      request.log.warn({ code, message: error.message }, 'request refused: no capacity');
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
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send({ error: { code: 'NOT_FOUND', message: `no route ${request.method} ${request.url}` } }),
  );
}

/** Registers the error and not-found handlers. */
export default fp(errorHandler, { name: 'error-handler' });

/**
 * The single error handler: every failure leaves as `{ error: { code, message } }`.
 * 4xx messages pass through (they describe the caller's mistake, naming the field);
 * 5xx details are logged with the request id and hidden from the caller.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { codeForStatus, MultirankError } from '../../errors.js';

function statusOf(error: FastifyError | MultirankError): number {
  const status = error.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

async function errorHandler(app: FastifyInstance): Promise<void> {
  app.setErrorHandler((error: FastifyError | MultirankError, request, reply) => {
    const status = statusOf(error);
    const code = error instanceof MultirankError ? error.code : codeForStatus(status);
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

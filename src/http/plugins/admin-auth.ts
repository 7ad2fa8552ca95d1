/**
 * `app.requireAdmin`: a hook that admin routes opt into, accepting the admin API key as
 * `x-api-key: KEY` or `authorization: Bearer KEY`. Without a configured key the admin API is
 * off (403), so a deployment never runs it open by forgetting the variable.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { MultirankError } from '../../errors.js';

/** Options of the admin auth plugin. */
export interface AdminAuthOptions {
  /** The admin API key; undefined or empty turns the admin API off. */
  adminKey: string | undefined;
}

/** A route hook that lets the request through only with the admin key. */
export type AdminGuard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Use as `{ onRequest: app.requireAdmin }` (before the body is parsed and validated, so
     * strangers learn nothing about the schema); it also works as a preHandler.
     */
    requireAdmin: AdminGuard;
  }
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The key the caller sent, from x-api-key or a Bearer authorization header. */
function presentedKey(request: FastifyRequest): string | undefined {
  const apiKey = request.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey !== '') return apiKey;
  return BEARER.exec(request.headers.authorization ?? '')?.[1];
}

/** Hashing both sides gives equal-length buffers, so the comparison time says nothing about the key. */
function digest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

function adminGuard(adminKey: string | undefined): AdminGuard {
  if (!adminKey) {
    return async () => {
      throw new MultirankError('FORBIDDEN', 'admin API disabled: set MULTIRANK_ADMIN_KEY');
    };
  }
  const expected = digest(adminKey);
  return async (request, reply) => {
    const key = presentedKey(request);
    if (key !== undefined && timingSafeEqual(digest(key), expected)) return;
    // RFC 9110: a 401 names the scheme the client should use.
    reply.header('www-authenticate', 'Bearer');
    throw new MultirankError(
      'UNAUTHORIZED',
      key === undefined
        ? 'admin key required: send it as x-api-key: <key> or authorization: Bearer <key>'
        : 'admin key not accepted (sent in x-api-key or authorization: Bearer)',
    );
  };
}

async function adminAuth(app: FastifyInstance, options: AdminAuthOptions): Promise<void> {
  app.decorate('requireAdmin', adminGuard(options.adminKey));
}

/** Decorates the app with `requireAdmin`; routes opt in per route. */
export default fp(adminAuth, { name: 'admin-auth' });

/**
 * The typed client (src/client, the package's `multirank/client`) against an app listening on a
 * free loopback port: integration tests call the service over real HTTP through the same types
 * callers compile against, so a route that drifts from openapi.yaml fails them.
 */
import type { FastifyInstance } from 'fastify';
import { createMultirankClient, type MultirankClient } from '../../src/client/index.js';

/**
 * Starts `app` listening on 127.0.0.1 (a free port) and returns a client of it. Closing the app
 * stays with whoever built it (buildTestApp, servingApp, … close theirs after each test).
 */
export async function listeningClient(
  app: FastifyInstance,
  options: { adminKey?: string } = {},
): Promise<MultirankClient> {
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  return createMultirankClient({ baseUrl, ...options });
}

/**
 * A fastify app with the events and report routes registered the way buildApp registers routes
 * (same ajv options, same error handler), until app.ts wires them in.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import { afterEach } from 'vitest';
import type { EventStore } from '../../src/events/event-store.js';
import type { HistoryStore } from '../../src/events/history-store.js';
import type { Experiment } from '../../src/experiments/types.js';
import errorHandler from '../../src/http/plugins/error-handler.js';
import eventsRoutes from '../../src/http/routes/events.js';
import experimentReportRoutes from '../../src/http/routes/experiment-report.js';

const open: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((app) => app.close()));
});

/** Builds and readies the app; closed after the test. */
export async function eventsApp(options: {
  store: EventStore;
  history: HistoryStore;
  experiments?: Experiment[];
  maxBatch?: number;
  now?: () => number;
}) {
  const app = Fastify({
    logger: false,
    ajv: { customOptions: { removeAdditional: 'all', allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  open.push(app);
  await app.register(errorHandler);
  await app.register(eventsRoutes, {
    store: options.store,
    history: options.history,
    ...(options.maxBatch ? { maxBatch: options.maxBatch } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const experiments = new Map((options.experiments ?? []).map((e) => [e.id, e]));
  await app.register(experimentReportRoutes, { store: options.store, experiments });
  await app.ready();
  return app;
}

/**
 * POST /v1/events: feedback (impressions, clicks, watches, likes, dismisses, ratings), one event
 * or a batch. Answers 200 `{ stored, duplicates }` only once the events are durable (see
 * src/events/event-store.ts); when nothing can store them, 503 and the caller retries with the
 * same eventIds, which is safe because stores are idempotent by eventId.
 *
 * Side effect: a newly stored watch or click pushes the item onto the user's watched history, a
 * dismiss onto the dismissed one, so the next ranking already knows. History is best effort: its
 * failure never fails the request (the events are stored either way).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import { MultirankError } from '../../errors.js';
import { contextProblem } from '../../events/event-context.js';
import type { EventStore } from '../../events/event-store.js';
import type { FeedbackEvent } from '../../events/event-types.js';
import type { HistoryStore } from '../../events/history-store.js';
import { errorResponse, errorResponses, PUBLIC } from '../schemas/common.js';
import { EventInput, EventsBody, EventsReply, eventsDocumentedBody } from '../schemas/events.js';

/** Options of the events route. */
export interface EventsRouteOptions {
  store: EventStore;
  history: HistoryStore;
  /** Most events per request (MULTIRANK_EVENTS_MAX_BATCH); default 1000. */
  maxBatch?: number;
  /** Clock for missing timestamps (tests pass a fixed one). */
  now?: () => number;
}

const HISTORY_KIND: Partial<Record<FeedbackEvent['type'], 'watched' | 'dismissed'>> = {
  watch: 'watched',
  click: 'watched',
  dismiss: 'dismissed',
};

const eventsRoutes: FastifyPluginAsyncTypebox<EventsRouteOptions> = async (app, options) => {
  const maxBatch = options.maxBatch ?? 1000;
  const now = options.now ?? Date.now;
  // Listed in the OpenAPI components, so clients see the event's fields though the body is
  // validated event by event.
  app.addSchema(EventInput);

  app.post(
    '/v1/events',
    {
      schema: {
        operationId: 'postEvents',
        tags: ['events'],
        summary: 'Record feedback events (one, or a batch); idempotent by eventId',
        security: PUBLIC,
        body: EventsBody,
        documentedBody: eventsDocumentedBody(maxBatch),
        response: {
          200: EventsReply,
          400: errorResponse(400, 'events[2].value: required for a watch event'),
          ...errorResponses(413, 415, 429),
          503: errorResponse(503, 'events could not be stored; retry with the same eventIds'),
        },
      },
    },
    async (request) => {
      const events = readEvents(request, request.body, maxBatch, now());
      const result = await options.store.append(events).catch((error: unknown) => {
        throw new MultirankError('UNAVAILABLE', 'events could not be stored; retry with the same eventIds', {
          cause: error,
        });
      });
      await recordHistory(
        options.history,
        events.filter((_, i) => result.fresh[i]),
        request.log,
      );
      return { stored: result.stored, duplicates: result.duplicates };
    },
  );
};

/** The body's events, each validated (errors name `events[i].field`, or `field` for a single event). */
function readEvents(
  request: FastifyRequest,
  body: Record<string, unknown>,
  maxBatch: number,
  receivedAt: number,
) {
  const batch = Object.hasOwn(body, 'events');
  const list = batch ? body.events : [body];
  if (!Array.isArray(list)) throw new MultirankError('BAD_REQUEST', 'events: must be an array of events');
  if (list.length === 0) throw new MultirankError('BAD_REQUEST', 'events: must hold at least 1 event');
  if (list.length > maxBatch) {
    throw new MultirankError(
      'BAD_REQUEST',
      `events: at most ${maxBatch} events per request, got ${list.length}`,
    );
  }
  const validate = request.compileValidationSchema(EventInput, 'body');
  return list.map((entry: unknown, index): FeedbackEvent => {
    const where = batch ? `events[${index}]` : '';
    if (!validate(entry)) {
      const [first] = validate.errors ?? [];
      throw new MultirankError('BAD_REQUEST', describe(where, first));
    }
    const event = entry as EventInput;
    checkValue(event, where);
    checkContext(event, where);
    return { ...event, timestamp: event.timestamp ?? receivedAt };
  });
}

interface SchemaError {
  instancePath: string;
  message?: string | undefined;
  params: Record<string, unknown>;
}

/** `events[3].type: must be one of …`, naming the field the way the caller wrote it. */
function describe(where: string, error: SchemaError | undefined): string {
  if (!error) return `${where || 'body'}: invalid event`;
  const path = error.instancePath
    .split('/')
    .filter((part) => part !== '')
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('');
  const at = `${where}${path}`.replace(/^\./, '');
  const missing = error.params.missingProperty;
  if (typeof missing === 'string') return `${at ? `${at}.` : ''}${missing}: required`;
  const allowed = error.params.allowedValues;
  const message = Array.isArray(allowed)
    ? `must be one of ${allowed.join(', ')}`
    : (error.message ?? 'invalid');
  return `${at || 'body'}: ${message}`;
}

/** Watch and rating events carry their value; watch seconds cannot be negative. */
function checkValue(event: EventInput, where: string): void {
  const field = `${where}${where ? '.' : ''}value`;
  if ((event.type === 'watch' || event.type === 'rating') && event.value === undefined) {
    throw new MultirankError('BAD_REQUEST', `${field}: required for a ${event.type} event`);
  }
  if (event.type === 'watch' && (event.value ?? 0) < 0) {
    throw new MultirankError('BAD_REQUEST', `${field}: watch seconds must be >= 0, got ${event.value}`);
  }
}

/** Context values are what the interaction log can hold (src/events/event-context.ts). */
function checkContext(event: EventInput, where: string): void {
  const problem = event.context && contextProblem(event.context);
  if (problem) throw new MultirankError('BAD_REQUEST', `${where}${where ? '.' : ''}context.${problem}`);
}

/** Pushes newly stored watches, clicks and dismisses onto the users' histories; never throws. */
async function recordHistory(
  history: HistoryStore,
  events: FeedbackEvent[],
  log: FastifyBaseLogger,
): Promise<void> {
  const writes = events.flatMap((event) => {
    const kind = HISTORY_KIND[event.type];
    return kind ? [history.record(event.userId, kind, event.itemId)] : [];
  });
  const failed = (await Promise.allSettled(writes)).filter((r) => r.status === 'rejected');
  const first = failed[0];
  // Debug only: without Redis every write fails, and a Redis outage is already logged loudly.
  if (first?.status === 'rejected') {
    log.debug({ failed: failed.length, err: (first.reason as Error).message }, 'history not updated');
  }
}

export default eventsRoutes;

/** POST /v1/events: one feedback event or a batch, and the answer. */
import { type Static, Type } from '@sinclair/typebox';
import type { ContextValue } from '../../events/event-context.js';
import { EVENT_TYPES, type EventType } from '../../events/event-types.js';

const Id = (description: string, maxLength = 256) => Type.String({ minLength: 1, maxLength, description });

/** The schema id of one event, a component of the OpenAPI document (the route adds it). */
const FEEDBACK_EVENT = 'FeedbackEvent';

/** One event as sent; the shape of FeedbackEvent with `timestamp` optional. */
export const EventInput = Type.Object(
  {
    eventId: Id('Caller-chosen unique id: a re-sent id is acknowledged but stored once.', 128),
    // An enum rather than a union of literals, so a bad type is one error listing the choices.
    type: Type.Unsafe<EventType>({ type: 'string', enum: [...EVENT_TYPES] }),
    userId: Id('The user.'),
    itemId: Id('The item shown or acted on.'),
    requestId: Type.Optional(Id("The rank response's requestId the item was shown in.", 128)),
    experimentId: Type.Optional(Id('Experiment of that rank response.', 128)),
    variant: Type.Optional(Id('Variant of that rank response.', 128)),
    timestamp: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Unix milliseconds; default: the time of receipt.' }),
    ),
    value: Type.Optional(
      Type.Number({ description: 'watch: seconds watched (required, >= 0); rating: the rating (required).' }),
    ),
    position: Type.Optional(Type.Integer({ minimum: 1, description: 'impression: 1-based position shown.' })),
    device: Type.Optional(Type.String({ maxLength: 64, description: 'impression: device.' })),
    context: Type.Optional(
      // The values are checked by the route (src/events/event-context.ts), whose message names the
      // value (`context.recent_items[0]: ...`) where ajv would answer a union with one error per branch.
      Type.Record(
        Type.String(),
        Type.Unsafe<ContextValue>({
          description: 'A string, a finite number, a boolean, null, or a flat list of strings and numbers.',
        }),
        {
          description:
            'impression: request context worth keeping for training. current_item_id (a string or number) and ' +
            'recent_items (a list of item ids) become export columns.',
        },
      ),
    ),
  },
  { $id: FEEDBACK_EVENT, title: FEEDBACK_EVENT },
);
export type EventInput = Static<typeof EventInput>;

/**
 * The body: a FeedbackEvent, or `{ "events": [FeedbackEvent, ...] }`. Each event is checked on
 * its own against EventInput by the route (errors name `events[i].field`), so this schema only
 * asks for an object; a Record keeps every key through `removeAdditional`.
 */
export const EventsBody = Type.Record(Type.String(), Type.Unknown(), {
  $id: 'EventsRequest',
  title: 'EventsRequest',
  description: 'A FeedbackEvent, or { "events": [FeedbackEvent, ...] } (at most MULTIRANK_EVENTS_MAX_BATCH).',
});

/**
 * An impression on the rank example's first item (models/default ids), its click and a watch;
 * sent twice, the second answer counts them as duplicates.
 */
const EVENTS_EXAMPLE = {
  events: [
    {
      eventId: 'e-u42-0001',
      type: 'impression',
      userId: 'u42',
      itemId: 'i3',
      requestId: '22ff9197-ee86-4a32-8b9d-4d0db4d34297',
      position: 1,
      device: 'tv',
      context: { current_item_id: 'i17' },
    },
    { eventId: 'e-u42-0002', type: 'click', userId: 'u42', itemId: 'i3' },
    { eventId: 'e-u42-0003', type: 'watch', userId: 'u42', itemId: 'i3', value: 184 },
  ],
};

/**
 * The body as documented (route schema `documentedBody`): one FeedbackEvent or a batch of them,
 * which is what the route checks event by event.
 */
export function eventsDocumentedBody(maxBatch: number) {
  const event = Type.Ref(FEEDBACK_EVENT);
  return Type.Union(
    [
      event,
      Type.Object({
        events: Type.Array(event, { minItems: 1, maxItems: maxBatch, description: `At most ${maxBatch}.` }),
      }),
    ],
    { title: 'EventsRequest', examples: [EVENTS_EXAMPLE] },
  );
}

/** What the store did with the events. */
export const EventsReply = Type.Object(
  {
    stored: Type.Integer({ description: 'Events stored by this request.' }),
    duplicates: Type.Integer({
      description: 'Events whose eventId was already stored (acknowledged, not stored again).',
    }),
  },
  {
    $id: 'EventsReply',
    title: 'EventsReply',
    description: 'The events are durable: stored now, or already stored before (same eventId).',
    examples: [{ stored: 3, duplicates: 0 }],
  },
);

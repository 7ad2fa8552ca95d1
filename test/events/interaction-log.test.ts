/** Events joined into interaction-log rows: the join rules and label values. */
import { describe, expect, it } from 'vitest';
import { INTERACTION_COLUMNS } from '../../src/data/log-schema.js';
import type { FeedbackEvent } from '../../src/events/event-types.js';
import { type JoinOptions, joinInteractions } from '../../src/events/interaction-log.js';

const T = 1_700_000_000_000;
const MIN = 60_000;

async function* from(events: FeedbackEvent[]) {
  yield* events;
}

function shown(
  id: string,
  request: string | undefined,
  item: string,
  at: number,
  position = 1,
): FeedbackEvent {
  return {
    eventId: id,
    type: 'impression',
    userId: 'u1',
    itemId: item,
    timestamp: at,
    position,
    device: 'tv',
    ...(request ? { requestId: request } : {}),
    context: { current_item_id: 'v0', recent_items: ['v8', 'v9'] },
  };
}

const fb = (
  id: string,
  type: FeedbackEvent['type'],
  item: string,
  at: number,
  extra: Partial<FeedbackEvent> = {},
) => ({ eventId: id, type, userId: 'u1', itemId: item, timestamp: at, ...extra }) as FeedbackEvent;

/** Rows as objects keyed by column. */
async function rows(events: FeedbackEvent[], options: JoinOptions = { joinWindowMs: 30 * MIN }) {
  const { rows, summary } = await joinInteractions(from(events), options);
  return {
    summary,
    rows: rows.map((cells) => Object.fromEntries(INTERACTION_COLUMNS.map((c, i) => [c, cells[i]]))),
  };
}

describe('joinInteractions', () => {
  it('writes one row per impression with the training columns, feedback joined by requestId', async () => {
    const { rows: out, summary } = await rows([
      // Feedback first: the join does not depend on arrival order.
      fb('c', 'click', 'v1', T + 5_000, { requestId: 'r1' }),
      fb('w', 'watch', 'v1', T + 6_000, { requestId: 'r1', value: 30 }),
      fb('w2', 'watch', 'v1', T + 9_000, { requestId: 'r1', value: 12.5 }),
      fb('l', 'like', 'v1', T + 9_000, { requestId: 'r1' }),
      fb('r-old', 'rating', 'v1', T + 10_000, { requestId: 'r1', value: 2 }),
      fb('r-new', 'rating', 'v1', T + 20_000, { requestId: 'r1', value: 4 }),
      fb('d', 'dismiss', 'v2', T + 1_000, { requestId: 'r1' }),
      shown('i1', 'r1', 'v1', T, 1),
      shown('i2', 'r1', 'v2', T, 2),
    ]);
    expect(out).toEqual([
      {
        request_id: 'r1',
        user_id: 'u1',
        item_id: 'v1',
        timestamp: T / 1000,
        position: 1,
        device: 'tv',
        current_item_id: 'v0',
        recent_items: ['v8', 'v9'],
        click: 1,
        watch_seconds: 42.5,
        like: 1,
        dismiss: 0,
        rating: 4,
      },
      expect.objectContaining({
        item_id: 'v2',
        position: 2,
        click: 0,
        watch_seconds: 0,
        dismiss: 1,
        rating: null,
      }),
    ]);
    expect(summary).toEqual({
      impressions: 2,
      skipped: 0,
      skippedExamples: [],
      feedback: 7,
      joined: 7,
      joinedSkipped: 0,
      unmatched: 0,
    });
  });

  it('joins feedback without requestId to the latest impression of the item within the window', async () => {
    const { rows: out, summary } = await rows([
      shown('a', 'r1', 'v1', T),
      shown('b', 'r2', 'v1', T + 10 * MIN),
      fb('w', 'watch', 'v1', T + 12 * MIN, { value: 5 }), // → r2, the latest before it (a watch is a click)
      fb('late', 'like', 'v1', T + 50 * MIN), // 40 min after r2: outside the 30 min window
      fb('early', 'click', 'v1', T - MIN), // before any impression
      fb('other', 'click', 'v3', T + MIN), // never shown
      fb('bad-request', 'click', 'v1', T + 11 * MIN, { requestId: 'r-unknown' }), // falls back to the window: r2
    ]);
    expect(out.map((r) => [r.request_id, r.click, r.watch_seconds, r.like])).toEqual([
      ['r1', 0, 0, 0],
      ['r2', 1, 5, 0],
    ]);
    expect(summary).toMatchObject({ joined: 2, unmatched: 3 });
  });

  it('keeps impressions of the time range only, ordered by time, request and position', async () => {
    const { rows: out } = await rows(
      [
        shown('c', 'r2', 'v3', T + 2 * MIN, 1),
        shown('b', 'r1', 'v2', T + MIN, 2),
        shown('a', 'r1', 'v1', T + MIN, 1),
        shown('z', 'r0', 'v9', T, 1),
      ],
      { joinWindowMs: MIN, since: T + MIN, until: T + 2 * MIN },
    );
    expect(out.map((r) => r.item_id)).toEqual(['v1', 'v2']);
  });

  it('skips and counts an impression whose context the log cannot hold, and writes the rest', async () => {
    // The hardening issue's poison event, as stored before ingest checked context values.
    const poison = {
      eventId: 'poison-1',
      type: 'impression',
      userId: 'u1',
      itemId: 'i1',
      position: 1,
      timestamp: T + 5 * MIN,
      context: { recent_items: [{ toString: 1 }] },
    } as unknown as FeedbackEvent;
    const { rows: out, summary } = await rows([
      shown('a', 'r1', 'i1', T),
      poison,
      shown('b', 'r2', 'v2', T + 10 * MIN),
      { ...shown('c', 'r3', 'v3', T + 11 * MIN), context: { current_item_id: { id: 'v1' } } },
      { ...shown('d', 'r4', 'v4', T + 12 * MIN), context: { recent_items: 'v1' } },
      // Joins the poison impression (the latest of i1 before it), not r1's: left out with it.
      fb('w', 'watch', 'i1', T + 6 * MIN, { value: 5 }),
      fb('c2', 'click', 'v2', T + 10 * MIN, { requestId: 'r2' }),
    ]);
    expect(out.map((r) => [r.request_id, r.item_id, r.click, r.watch_seconds])).toEqual([
      ['r1', 'i1', 0, 0],
      ['r2', 'v2', 1, 0],
    ]);
    expect(summary).toEqual({
      impressions: 2,
      skipped: 3,
      skippedExamples: [
        'poison-1 (recent_items[0]: must be a string or a finite number, got an object)',
        'c (current_item_id: must be a string or a finite number, got an object)',
        'd (recent_items: must be a list of item ids, got a string)',
      ],
      feedback: 2,
      joined: 1,
      joinedSkipped: 1,
      unmatched: 0,
    });
  });
});

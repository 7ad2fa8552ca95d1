/**
 * A hand-made experiment and its events, with totals simple enough to compute the report by hand.
 *
 * Treatment: users t1..t3 with 10, 20, 30 impressions, 1, 4, 3 clicks, 0, 1, 1 likes and 100,
 * 300, 200 watch seconds. Control: c1, c2 with 10, 10 impressions, 1, 2 clicks, 1, 0 likes and
 * 50, 150 seconds. Plus three events the report must leave out.
 */
import type { FeedbackEvent } from '../../src/events/event-types.js';
import type { Experiment } from '../../src/experiments/types.js';

const profile = { form: 'sum' as const, weights: { click: 1 } };
/** 50/50, control named explicitly. */
export const EXPERIMENT: Experiment = {
  id: 'x1',
  salt: 'x1',
  status: 'running',
  traffic: 1,
  control: 'control',
  variants: [
    { name: 'control', allocation: 50, profile },
    { name: 'treatment', allocation: 50, profile },
  ],
};

/** The hand-made events of one user. */
function userEvents(
  user: string,
  variant: string,
  n: { imp: number; clicks: number; likes: number; watch: number },
) {
  const out: FeedbackEvent[] = [];
  const base = { userId: user, experimentId: 'x1', variant, timestamp: 1_700_000_000_000 };
  const add = (type: FeedbackEvent['type'], count: number, extra: Partial<FeedbackEvent> = {}) => {
    for (let i = 0; i < count; i++) {
      out.push({ ...base, eventId: `${user}-${type}-${i}`, type, itemId: `v${i}`, ...extra });
    }
  };
  add('impression', n.imp, { position: 1 });
  add('click', n.clicks);
  add('like', n.likes);
  add('watch', 1, { value: n.watch });
  return out;
}

/** The fixture: five users of x1, plus events of another experiment and of unknown variants. */
export function handMadeEvents(): FeedbackEvent[] {
  return [
    ...userEvents('t1', 'treatment', { imp: 10, clicks: 1, likes: 0, watch: 100 }),
    ...userEvents('t2', 'treatment', { imp: 20, clicks: 4, likes: 1, watch: 300 }),
    ...userEvents('t3', 'treatment', { imp: 30, clicks: 3, likes: 1, watch: 200 }),
    ...userEvents('c1', 'control', { imp: 10, clicks: 1, likes: 1, watch: 50 }),
    ...userEvents('c2', 'control', { imp: 10, clicks: 2, likes: 0, watch: 150 }),
    // Left out: another experiment, a variant x1 does not have, no variant at all.
    {
      eventId: 'o1',
      type: 'impression',
      userId: 't1',
      itemId: 'v1',
      experimentId: 'x2',
      variant: 'control',
      timestamp: 1,
    },
    {
      eventId: 'o2',
      type: 'click',
      userId: 'z',
      itemId: 'v1',
      experimentId: 'x1',
      variant: 'gone',
      timestamp: 1,
    },
    { eventId: 'o3', type: 'click', userId: 'z', itemId: 'v1', experimentId: 'x1', timestamp: 1 },
  ];
}

/**
 * A replica's account of the live catalog: availability, and the newest uploads kept ranked
 * incrementally, equal at every step to sorting everything held (the definition).
 */
import { describe, expect, it } from 'vitest';
import { createLiveState, NEWEST_KEPT } from '../../src/catalog/live-state.js';
import type { LiveItem } from '../../src/catalog/records.js';
import { Rng } from '../../src/util/random.js';

describe('live state', () => {
  it('keeps the newest uploads as a full sort would, through uploads, re-uploads and takedowns', () => {
    const state = createLiveState();
    const reference = new Map<string, number | null>();
    const rng = new Rng(11, 'live-state');
    for (let round = 0; round < 60; round++) {
      const items: LiveItem[] = Array.from({ length: 100 }, () => {
        const itemId = `v${rng.int(3000)}`;
        const removed = rng.uniform() < 0.15;
        // Upload times from the features, or (a third of the time) the first push's time.
        const uploaded = rng.uniform() < 0.66 ? { upload_time: 1.6e9 + rng.int(1e8) } : {};
        const createdAt = 1.5e12 + rng.int(1e9);
        return {
          itemId,
          features: removed ? null : { topic: 't1', ...uploaded },
          createdAt,
          updatedAt: createdAt,
        };
      });
      state.apply(items);
      for (const item of items) {
        const time = item.features?.upload_time;
        reference.set(
          item.itemId,
          item.features === null ? null : typeof time === 'number' ? time : item.createdAt / 1000,
        );
      }
      const expected = [...reference]
        .filter((entry): entry is [string, number] => entry[1] !== null)
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, NEWEST_KEPT)
        .map(([itemId, uploadTime]) => ({ itemId, uploadTime }));
      expect(state.newest()).toEqual(expected);
    }
    const [takenDown] = [...reference].find(([, time]) => time === null)!;
    expect(state.isAvailable(takenDown)).toBe(false);
    expect(state.isAvailable('never-pushed')).toBe(true);
    expect(state.retain(new Set(['v1']))).not.toContain('v1');
    expect(state.size).toBeLessThanOrEqual(1);
  });
});

import { describe, expect, it } from 'vitest';
import { cowatchCandidates } from '../../src/candidates/generators/cowatch.js';
import { creatorCandidates, topicCandidates } from '../../src/candidates/generators/group.js';
import { historyCandidates } from '../../src/candidates/generators/history.js';
import { GENERATORS } from '../../src/candidates/generators/index.js';
import {
  freshCandidates,
  popularCandidates,
  trendingCandidates,
} from '../../src/candidates/generators/ranked.js';
import { CANDIDATE_SOURCES } from '../../src/candidates/types.js';
import { ids, makeIndex, pairs } from './fixture.js';

const index = makeIndex({
  items: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'k', 'l'],
  cowatch: {
    a: [
      ['b', 3],
      ['c', 1],
    ],
    d: [
      ['c', 2],
      ['e', 1],
    ],
    e: [['f', 4]],
    f: [['g', 1]],
  },
  similar: {
    a: [
      ['b', 1],
      ['c', 0.5],
    ],
    d: [
      ['b', 0.5],
      ['g', 0.25],
    ],
  },
  topics: { music: ['c', 'a', 'b'], news: ['d', 'e'] },
  creators: { alice: ['b', 'a'] },
  popular: { all: ['a', 'b', 'c'], 'device:tv': ['d', 'e'] },
  trending: { all: ['g', 'h'], 'device:tv': ['k'] },
  fresh: ['k', 'l'],
});
const user = 'u1';

describe('cowatch', () => {
  it('answers the current item row as stored when there is no history', () => {
    expect(pairs(index, cowatchCandidates(index, { userId: user, currentItem: 'a' }, 10))).toEqual([
      ['b', 3],
      ['c', 1],
    ]);
    expect(ids(index, cowatchCandidates(index, { userId: user, currentItem: 'a' }, 1))).toEqual(['b']);
  });

  it('adds the newest recent watches at 0.5, 0.25, ... and skips the current item among them', () => {
    // b 3; c 1 + 0.5·2 = 2; f 0.25·4 = 1; e 0.5·1 = 0.5.
    const list = cowatchCandidates(
      index,
      { userId: user, currentItem: 'a', recentItems: ['a', 'd', 'e'] },
      10,
    );
    expect(pairs(index, list)).toEqual([
      ['b', 3],
      ['c', 2],
      ['f', 1],
      ['e', 0.5],
    ]);
  });

  it('works from history alone and breaks score ties by item index', () => {
    // No current item: d weighs 0.5 (c 1, e 0.5), e weighs 0.25 (f 1): c and f tie at 1.
    const list = cowatchCandidates(index, { userId: user, recentItems: ['d', 'e'] }, 10);
    expect(pairs(index, list)).toEqual([
      ['c', 1],
      ['f', 1],
      ['e', 0.5],
    ]);
  });

  it('ignores unknown current and recent items', () => {
    expect(
      ids(
        index,
        cowatchCandidates(index, { userId: user, currentItem: 'zz', recentItems: ['nope', 'd'] }, 10),
      ),
    ).toEqual(['c', 'e']);
    expect(cowatchCandidates(index, { userId: user, currentItem: 'zz' }, 10).items).toHaveLength(0);
  });
});

describe('history', () => {
  it('sums similar neighbours of recent watches, newest weighted most', () => {
    // d weighs 1, a weighs 0.8: b 0.5 + 0.8 = 1.3, c 0.8·0.5 = 0.4, g 0.25.
    const list = historyCandidates(index, { userId: user, recentItems: ['d', 'a'] }, 10);
    expect(pairs(index, list)).toEqual([
      ['b', 1.3],
      ['c', 0.4],
      ['g', 0.25],
    ]);
    expect(ids(index, historyCandidates(index, { userId: user, recentItems: ['d', 'a'] }, 2))).toEqual([
      'b',
      'c',
    ]);
  });

  it('counts a repeated watch once and ignores unknown ones', () => {
    const list = historyCandidates(index, { userId: user, recentItems: ['zz', 'd', 'd', 'a'] }, 10);
    expect(ids(index, list)).toEqual(['b', 'c', 'g']);
  });

  it('is empty without known history', () => {
    expect(historyCandidates(index, { userId: user }, 10).items).toHaveLength(0);
    expect(historyCandidates(index, { userId: user, recentItems: ['zz'] }, 10).items).toHaveLength(0);
  });
});

describe('topic and creator', () => {
  it('lists the current item group best first', () => {
    expect(ids(index, topicCandidates(index, { userId: user, currentItem: 'a' }, 10))).toEqual([
      'c',
      'a',
      'b',
    ]);
    expect(ids(index, topicCandidates(index, { userId: user, currentItem: 'a' }, 2))).toEqual(['c', 'a']);
    expect(ids(index, creatorCandidates(index, { userId: user, currentItem: 'a' }, 10))).toEqual(['b', 'a']);
  });

  it('is empty for an unknown item, an item without a group, or no current item', () => {
    expect(topicCandidates(index, { userId: user, currentItem: 'zz' }, 10).items).toHaveLength(0);
    expect(topicCandidates(index, { userId: user, currentItem: 'f' }, 10).items).toHaveLength(0);
    expect(creatorCandidates(index, { userId: user, currentItem: 'd' }, 10).items).toHaveLength(0);
    expect(topicCandidates(index, { userId: user, recentItems: ['zz', 'f'] }, 10).items).toHaveLength(0);
  });

  it('adds the topics of the newest watches: half for the current topic, the rest shared', () => {
    // Current item a (music); watches d (news), then c (music again, not a second topic).
    const request = { userId: user, currentItem: 'a', recentItems: ['d', 'c'] };
    expect(ids(index, topicCandidates(index, request, 4))).toEqual(['c', 'a', 'd', 'e']);
    expect(ids(index, topicCandidates(index, request, 3))).toEqual(['c', 'a', 'd']);
    const scores = Array.from(topicCandidates(index, request, 4).scores);
    expect(scores).toEqual([1, 1 / 2, 1 / 3, 1 / 4].map(Math.fround));
    // Without a current item, the watches' topics fill the list.
    expect(ids(index, topicCandidates(index, { userId: user, recentItems: ['d'] }, 10))).toEqual(['d', 'e']);
    // A limit below the number of topics still fills the list, newest watches first.
    const two = { userId: user, recentItems: ['d', 'a'] };
    expect(ids(index, topicCandidates(index, two, 1))).toEqual(['d']);
    expect(ids(index, topicCandidates(index, two, 3))).toEqual(['d', 'e', 'c']);
  });
});

describe('popular, trending, fresh', () => {
  it('uses the first segment the index has, else "all"', () => {
    const tv = { userId: user, segments: ['device:phone', 'device:tv'] };
    expect(ids(index, popularCandidates(index, tv, 10))).toEqual(['d', 'e']);
    expect(ids(index, trendingCandidates(index, tv, 10))).toEqual(['k']);
    expect(ids(index, popularCandidates(index, { userId: user, segments: ['device:phone'] }, 2))).toEqual([
      'a',
      'b',
    ]);
    expect(ids(index, trendingCandidates(index, { userId: user }, 10))).toEqual(['g', 'h']);
  });

  it('is empty when neither the segment nor "all" exists', () => {
    const bare = makeIndex({ items: ['a'], popular: { 'device:tv': ['a'] } });
    expect(popularCandidates(bare, { userId: user, segments: ['device:phone'] }, 10).items).toHaveLength(0);
    expect(trendingCandidates(bare, { userId: user }, 10).items).toHaveLength(0);
  });

  it('lists fresh uploads newest first', () => {
    expect(ids(index, freshCandidates(index, { userId: user }, 10))).toEqual(['k', 'l']);
    expect(ids(index, freshCandidates(index, { userId: user }, 1))).toEqual(['k']);
  });
});

it('has one generator per source, each answering nothing for limit 0', () => {
  expect(Object.keys(GENERATORS).sort()).toEqual([...CANDIDATE_SOURCES].sort());
  const request = { userId: user, currentItem: 'a', recentItems: ['d', 'a'] };
  for (const generate of Object.values(GENERATORS)) expect(generate(index, request, 0).items).toHaveLength(0);
});

describe('summed lists longer than the limit', () => {
  // 60 items; the two recent ones each list 40 neighbours with repeating, tied and negative scores,
  // so `top` takes its select-then-sort path (limit · 4 < items touched).
  const names = Array.from({ length: 60 }, (_, i) => `x${i}`);
  const row = (offset: number) =>
    Array.from({ length: 40 }, (_, j) => [`x${(j * 7 + offset) % 60}`, ((j % 5) - 1) / 4] as const);
  const big = makeIndex({ items: names, similar: { x0: row(1), x1: row(3) } });

  /** The expected answer computed the slow, obvious way. */
  function reference(limit: number): [string, number][] {
    const sums = new Map<number, number>();
    for (const [r, weight] of [
      [row(1), 1],
      [row(3), 0.8],
    ] as const) {
      for (const [id, score] of r) {
        const i = names.indexOf(id);
        sums.set(i, (sums.get(i) ?? 0) + weight * Math.fround(score));
      }
    }
    return [...sums]
      .map(([i, s]) => [i, Math.fround(s)] as const)
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, limit)
      .map(([i, s]) => [names[i] ?? '', Math.round(s * 1e4) / 1e4]);
  }

  it.each([1, 3, 5, 9, 20, 80])('keeps the best %i by score, ties by item index', (limit) => {
    const list = historyCandidates(big, { userId: user, recentItems: ['x0', 'x1'] }, limit);
    expect(pairs(big, list)).toEqual(reference(limit));
  });
});

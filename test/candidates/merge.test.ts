import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CANDIDATE_CONFIG,
  generateCandidates,
  generateSourceLists,
  parseCandidateConfig,
} from '../../src/candidates/generate.js';
import { type MergeLimits, mergeCandidates } from '../../src/candidates/merge.js';
import {
  CANDIDATE_SOURCES,
  type CandidateIndex,
  type CandidateSource,
  type RankedItems,
} from '../../src/candidates/types.js';
import { MultirankError } from '../../src/errors.js';
import { makeIndex } from './fixture.js';

const items = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
const plain = makeIndex({ items });

/** A ranked list of ids (scores do not matter to the merge). */
const list = (index: CandidateIndex, ...ids: string[]): RankedItems => ({
  items: Int32Array.from(ids, (id) => index.indexOf.get(id) ?? -1),
  scores: Float32Array.from(ids, (_, i) => ids.length - i),
});
const limits = (quotas: Partial<Record<CandidateSource, number>>, cap = 100): MergeLimits => ({
  quotas: { ...Object.fromEntries(CANDIDATE_SOURCES.map((s) => [s, 0])), ...quotas } as Record<
    CandidateSource,
    number
  >,
  cap,
});
const at = (...ids: string[]) => ids.map((id) => plain.indexOf.get(id) ?? -1);

describe('mergeCandidates', () => {
  it('keeps every source that proposed an item, and a shared item costs the later source no quota', () => {
    const merged = mergeCandidates(
      plain,
      { cowatch: list(plain, 'b', 'c'), topic: list(plain, 'c', 'd') },
      limits({ cowatch: 2, topic: 2 }),
      [],
    );
    expect(merged).toEqual([
      { itemId: 'b', sources: ['cowatch'], score: 1 },
      { itemId: 'c', sources: ['cowatch', 'topic'], score: 1 },
      { itemId: 'd', sources: ['topic'], score: 0.5 },
    ]);
  });

  it('takes at most each quota of new items, in merge order', () => {
    const merged = mergeCandidates(
      plain,
      { cowatch: list(plain, 'b', 'c', 'd', 'e'), topic: list(plain, 'd', 'e', 'f') },
      limits({ cowatch: 2, topic: 1 }),
      [],
    );
    // Cowatch stops after b, c; topic takes d only. d's sources: topic alone (cowatch never reached it).
    expect(merged.map((c) => [c.itemId, c.sources])).toEqual([
      ['b', ['cowatch']],
      ['d', ['topic']],
      ['c', ['cowatch']],
    ]);
  });

  it('never returns excluded items, and they cost no quota', () => {
    const merged = mergeCandidates(
      plain,
      { cowatch: list(plain, 'b', 'c', 'd') },
      limits({ cowatch: 2 }),
      at('b'),
    );
    expect(merged.map((c) => c.itemId)).toEqual(['c', 'd']);
  });

  it('cuts at the cap by best rank, ties by item index', () => {
    const merged = mergeCandidates(
      plain,
      { cowatch: list(plain, 'a', 'b', 'c'), topic: list(plain, 'd', 'e', 'f') },
      limits({ cowatch: 3, topic: 3 }, 4),
      [],
    );
    expect(merged.map((c) => c.itemId)).toEqual(['a', 'd', 'b', 'e']);
  });

  it('fills what the sources left short from popular, then fresh', () => {
    const merged = mergeCandidates(
      plain,
      { cowatch: list(plain, 'a'), popular: list(plain, 'b', 'c', 'd'), fresh: list(plain, 'e', 'f', 'g') },
      limits({ cowatch: 5, popular: 1, fresh: 1 }, 6),
      [],
    );
    // Quota pass: a, b, e. Backfill: popular c, d (exhausted), then fresh f.
    expect(merged.map((c) => [c.itemId, c.score])).toEqual([
      ['a', 1],
      ['b', 1],
      ['e', 1],
      ['c', 0.5],
      ['f', 0.5],
      ['d', 1 / 3],
    ]);
  });
});

describe('generateCandidates', () => {
  const index = makeIndex({
    items,
    cowatch: {
      a: [
        ['b', 2],
        ['c', 1],
      ],
    },
    similar: { d: [['e', 1]] },
    topics: { music: ['a', 'c', 'f'] },
    popular: { all: ['a', 'b', 'c', 'd', 'e', 'f'] },
    fresh: ['g', 'h', 'i'],
  });

  it('merges the sources, drops the current item and the exclusions', () => {
    const request = { userId: 'u', currentItem: 'a', recentItems: ['d', 'zz'], exclude: ['b', 'nope'] };
    const config = parseCandidateConfig({ quotas: { popular: 1, fresh: 1 }, cap: 5 });
    const merged = generateCandidates(index, request, config);
    expect(merged.map((c) => [c.itemId, c.sources])).toEqual([
      // Ranks: e 0 (history), g 0 (fresh), c 1 (cowatch; topic and popular also reached it), f 2, d 3.
      ['e', ['history']],
      ['g', ['fresh']],
      ['c', ['cowatch', 'topic', 'popular']],
      ['f', ['topic']],
      ['d', ['popular']],
    ]);
  });

  it('fills a cold start (unknown user, no current item, no history) from popular then fresh', () => {
    const config = parseCandidateConfig({ quotas: { popular: 2, fresh: 1 }, cap: 8 });
    const merged = generateCandidates(index, { userId: 'new', currentItem: 'zz' }, config);
    expect(merged.map((c) => c.itemId)).toEqual(['a', 'g', 'b', 'h', 'c', 'd', 'e', 'f']);
    // Cap above the catalogue: everything popular and fresh know, nothing invented.
    expect(generateCandidates(index, { userId: 'new' })).toHaveLength(9);
  });

  it('gives the same answer for the same request, whatever ran in between', () => {
    const request = { userId: 'u', currentItem: 'a', recentItems: ['d'] };
    const first = generateCandidates(index, request);
    generateCandidates(index, { userId: 'other', recentItems: ['a', 'd'], exclude: ['c'] });
    expect(generateCandidates(index, request)).toEqual(first);
  });

  it('asks each source for a quota plus slack, and popular and fresh for the cap', () => {
    const config = parseCandidateConfig({ quotas: { topic: 1, popular: 1 }, cap: 4 });
    const lists = generateSourceLists(index, { userId: 'u', currentItem: 'a' }, config);
    // topic: 2·1 + 1 (exclusions + current item); popular: max(2·1, cap 4) + 1; creator: no group.
    expect(lists.topic?.items).toHaveLength(3);
    expect(lists.popular?.items).toHaveLength(5);
    expect(lists.creator?.items).toHaveLength(0);
  });
});

describe('candidate config', () => {
  it('has default quotas summing to the cap', () => {
    const total = Object.values(DEFAULT_CANDIDATE_CONFIG.quotas).reduce((a, b) => a + b, 0);
    expect(total).toBe(DEFAULT_CANDIDATE_CONFIG.cap);
    expect(Object.keys(DEFAULT_CANDIDATE_CONFIG.quotas).sort()).toEqual([...CANDIDATE_SOURCES].sort());
  });

  it('overrides the defaults field by field and freezes the result', () => {
    const config = parseCandidateConfig({ quotas: { fresh: 0 }, cap: 300 });
    expect(config.quotas).toEqual({ ...DEFAULT_CANDIDATE_CONFIG.quotas, fresh: 0 });
    expect(config.cap).toBe(300);
    expect(Object.isFrozen(config.quotas)).toBe(true);
  });

  it.each([
    [{ quotas: { likes: 10 } }, 'candidates config: quotas.likes: unknown source (sources: cowatch, topic,'],
    [{ quotas: { topic: -1 } }, 'candidates config: quotas.topic: expected a non-negative integer, got -1'],
    [{ quotas: { topic: 2.5 } }, 'quotas.topic: expected a non-negative integer, got 2.5'],
    [{ quotas: [] }, 'candidates config: quotas: expected an object'],
    [{ cap: 0 }, 'candidates config: cap: expected a positive integer, got 0'],
    [{ cap: '500' }, 'cap: expected a positive integer, got 500'],
    [{ limit: 5 }, 'candidates config: limit: unknown field (fields: quotas, cap)'],
    [null, 'candidates config: (root): expected an object'],
  ])('rejects %j', (input, message) => {
    expect(() => parseCandidateConfig(input)).toThrow(message);
    expect(() => parseCandidateConfig(input)).toThrow(MultirankError);
  });

  it('validates a config that did not come from parseCandidateConfig', () => {
    const raw = { quotas: { ...DEFAULT_CANDIDATE_CONFIG.quotas, topic: -3 }, cap: 10 };
    expect(() => generateCandidates(plain, { userId: 'u' }, raw)).toThrow('quotas.topic');
  });
});

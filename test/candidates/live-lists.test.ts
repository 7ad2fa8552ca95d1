/**
 * The candidate index kept current: appended items reach the generators and the merge, `fresh`
 * takes new uploads, and popular/trending recomputed from the clicks since the build equal what a
 * build over the whole log gives (the definition), per device segment.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCandidateIndex } from '../../src/candidates/build/build.js';
import { generateCandidates } from '../../src/candidates/generate.js';
import { appendItems, ClickCounts, freshList } from '../../src/candidates/live-lists.js';
import type { CandidateIndex, RankedItems } from '../../src/candidates/types.js';
import { Rng } from '../../src/util/random.js';
import { makeIndex, pairs } from './fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'multirank-live-lists-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DAY = 86_400;
const T0 = 1_700_000_000;

interface Click {
  user_id: string;
  item_id: string;
  timestamp: number;
  click: number;
  device: string;
}

function clicks(rng: Rng, from: number, days: number, items: string[], n: number): Click[] {
  return Array.from({ length: n }, () => ({
    user_id: `u${rng.int(40)}`,
    item_id: items[Math.min(items.length - 1, Math.floor(rng.uniform() ** 2 * items.length))]!,
    timestamp: Math.round(from + rng.uniform() * days * DAY),
    click: rng.uniform() < 0.7 ? 1 : 0,
    device: ['tv', 'mobile', ''][rng.int(3)]!,
  })).sort((a, b) => a.timestamp - b.timestamp);
}

async function build(name: string, rows: Click[]): Promise<CandidateIndex> {
  const path = join(dir, `${name}.jsonl`);
  writeFileSync(path, rows.map((row) => JSON.stringify(row)).join('\n'));
  return buildCandidateIndex({ logs: path, options: { embeddings: { dim: 4, epochs: 1 } } });
}

/** A list as id → score, for comparison whatever the item numbering. */
function byId(index: CandidateIndex, list: RankedItems | undefined): [string, number][] {
  return list ? pairs(index, list) : [];
}

describe('live candidate lists', () => {
  it('recomputes popular and trending per segment as a build over the whole log would', async () => {
    const rng = new Rng(5, 'live-lists');
    const old = Array.from({ length: 30 }, (_, i) => `v${i}`);
    const fresh = Array.from({ length: 10 }, (_, i) => `n${i}`);
    const before = clicks(rng, T0, 10, old, 600);
    const end = before.at(-1)!.timestamp;
    // Clicks after the build, partly on items the index has never seen.
    const after = clicks(rng, end + 60, 2, [...fresh, ...old], 400);
    const built = await build('before', before);
    const whole = await build('whole', [...before, ...after]);

    const counts = new ClickCounts(built.meta.halfLifeDays, built.meta.lastTimestamp);
    for (const row of after) if (row.click) counts.add(row.item_id, row.device || null, row.timestamp);
    appendItems(
      built,
      after.map((row) => row.item_id),
    );
    const now = whole.meta.lastTimestamp;
    const lists = counts.lists(built, now, () => true);
    for (const kind of ['popular', 'trending'] as const) {
      expect([...lists[kind].keys()]).toEqual([...whole[kind].keys()].sort());
      expect([...lists[kind].keys()]).toEqual(['all', 'device:mobile', 'device:tv']);
      expect(lists[kind].get('all')!.items.length).toBeGreaterThan(30);
      for (const [segment, list] of whole[kind]) {
        const expected = byId(whole, list);
        const got = byId(built, lists[kind].get(segment));
        expect(got.map(([id]) => id)).toEqual(expected.map(([id]) => id));
        got.forEach(([, score], i) => {
          expect(score).toBeCloseTo(expected[i]![1], 3);
        });
      }
    }
    // A taken-down item leaves every list.
    const top = byId(built, lists.trending.get('all'))[0]![0];
    const without = counts.lists(built, now, (id) => id !== top);
    for (const list of without.trending.values())
      expect(byId(built, list).map(([id]) => id)).not.toContain(top);
  });

  it('puts new uploads into fresh by upload time, and the merge proposes them', () => {
    const index = makeIndex({
      items: ['a', 'b', 'c'],
      fresh: [
        ['c', 19_700],
        ['a', 19_600],
      ],
      popular: { all: ['a', 'b', 'c'] },
    });
    appendItems(index, ['new1', 'new2', 'a']);
    expect(index.itemIds).toEqual(['a', 'b', 'c', 'new1', 'new2']);
    const uploads = [
      { itemId: 'new1', uploadTime: 19_800 * DAY },
      { itemId: 'new2', uploadTime: 19_650 * DAY },
    ];
    index.fresh = freshList(
      index,
      uploads,
      () => false,
      (id) => id !== 'c',
    );
    expect(pairs(index, index.fresh)).toEqual([
      ['new1', 19_800],
      ['new2', 19_650],
      ['a', 19_600],
    ]);
    const merged = generateCandidates(index, { userId: 'u1' });
    expect(merged.find((c) => c.itemId === 'new1')?.sources).toContain('fresh');
    // A live record of a built item replaces its built upload time.
    index.fresh = freshList(
      index,
      [{ itemId: 'a', uploadTime: 19_900 * DAY }],
      (id) => id === 'a',
      () => true,
    );
    expect(pairs(index, index.fresh)[0]).toEqual(['a', 19_900]);
  });
});

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERACTION_COLUMNS } from '../../src/data/log-schema.js';
import { GROUND_TRUTH_COLUMNS, ITEM_COLUMNS, USER_COLUMNS } from '../../src/sim/schema.js';
import {
  cleanupRuns,
  type Interaction,
  type Run,
  readCsv,
  readJsonl,
  runSim,
  type TruthRow,
} from './world-fixture.js';

const SIZE = { users: 60, items: 300, requests: 400, slateSize: 8 };
let run: Run;
let log: Interaction[];
let truth: TruthRow[];

beforeAll(async () => {
  run = await runSim({ ...SIZE, seed: 11, format: 'both' });
  log = await readJsonl<Interaction>(join(run.dir, 'interactions.jsonl'));
  truth = await readJsonl<TruthRow>(join(run.dir, 'ground_truth.jsonl'));
});
afterAll(cleanupRuns);

async function fileBytes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) out[name] = await readFile(join(dir, name), 'utf8');
  return out;
}

describe('simulate: determinism', () => {
  it('writes byte-identical files for the same seed', async () => {
    const again = await runSim({ ...SIZE, seed: 11, format: 'both' });
    expect(await fileBytes(again.dir)).toEqual(await fileBytes(run.dir));
  });

  it('writes a different log for a different seed', async () => {
    const other = await runSim({ ...SIZE, seed: 12, format: 'jsonl' });
    const a = await readFile(join(run.dir, 'interactions.jsonl'), 'utf8');
    const b = await readFile(join(other.dir, 'interactions.jsonl'), 'utf8');
    expect(b).not.toEqual(a);
  });

  it('keeps the catalogue when only the number of requests changes', async () => {
    const longer = await runSim({ ...SIZE, requests: 50, seed: 11, format: 'csv' });
    for (const name of ['items.csv', 'users.csv']) {
      expect(await readFile(join(longer.dir, name), 'utf8')).toEqual(
        await readFile(join(run.dir, name), 'utf8'),
      );
    }
  });
});

describe('simulate: files and columns', () => {
  it('writes every table in both formats, the ground truth and world.json', async () => {
    expect((await readdir(run.dir)).sort()).toEqual([
      'ground_truth.jsonl',
      'interactions.csv',
      'interactions.jsonl',
      'items.csv',
      'items.jsonl',
      'users.csv',
      'users.jsonl',
      'world.json',
    ]);
  });

  it('has exactly the documented columns, in order, in JSONL and CSV', async () => {
    expect(Object.keys(log[0] ?? {})).toEqual([...INTERACTION_COLUMNS]);
    expect(Object.keys(truth[0] ?? {})).toEqual([...GROUND_TRUTH_COLUMNS]);
    expect((await readCsv(join(run.dir, 'interactions.csv'))).header).toEqual([...INTERACTION_COLUMNS]);
    expect((await readCsv(join(run.dir, 'items.csv'))).header).toEqual([...ITEM_COLUMNS]);
    expect((await readCsv(join(run.dir, 'users.csv'))).header).toEqual([...USER_COLUMNS]);
    const items = await readJsonl<Record<string, unknown>>(join(run.dir, 'items.jsonl'));
    expect(items).toHaveLength(SIZE.items);
    expect(Object.keys(items[0] ?? {})).toEqual([...ITEM_COLUMNS]);
    expect(items[0]).toMatchObject({ item_id: 'i0', topic: expect.stringMatching(/^t\d\d$/) });
  });

  it('writes the same rows in CSV as in JSONL (missing rating empty, history joined by "|")', async () => {
    const { rows } = await readCsv(join(run.dir, 'interactions.csv'));
    const fromJson = log.map((row) =>
      INTERACTION_COLUMNS.map((col) => {
        const value = row[col];
        if (value === null) return '';
        return Array.isArray(value) ? value.join('|') : String(value);
      }),
    );
    expect(rows).toEqual(fromJson);
  });

  it('aligns the ground truth with the log row by row', () => {
    expect(truth.map((t) => [t.request_id, t.item_id, t.position])).toEqual(
      log.map((l) => [l.request_id, l.item_id, l.position]),
    );
    const invalid = truth.filter(
      (t) =>
        !(t.p_click > 0 && t.p_click < 1) ||
        t.p_like > t.p_click ||
        t.p_dismiss > 1 - t.p_click ||
        !(t.propensity > 0 && t.propensity <= 1) ||
        !(t.expected_rating >= 1 && t.expected_rating <= 5),
    );
    expect(invalid).toEqual([]);
  });

  it('records sizes, counts and the time range in world.json', async () => {
    const world = JSON.parse(await readFile(join(run.dir, 'world.json'), 'utf8'));
    expect(world).toMatchObject({ seed: 11, sizes: { users: 60, items: 300, requests: 400, slateSize: 8 } });
    expect(world.counts.impressions).toBe(log.length);
    expect(world.counts.clicks).toBe(log.filter((r) => r.click === 1).length);
    expect(world.timeRange.firstTimestamp).toBe(log[0]?.timestamp);
    expect(world.timeRange.lastTimestamp).toBe(log.at(-1)?.timestamp);
    expect(world.params.topics).toBe(32);
  });
});

describe('simulate: log semantics', () => {
  it('shows full slates in positions 1..K with increasing time and valid devices', () => {
    expect(log).toHaveLength(SIZE.requests * SIZE.slateSize);
    expect(log.map((r) => r.position)).toEqual(log.map((_, k) => (k % SIZE.slateSize) + 1));
    expect(log.filter((r, k) => k > 0 && r.timestamp < (log[k - 1]?.timestamp ?? 0))).toEqual([]);
    expect(new Set(log.map((r) => r.device))).toEqual(new Set(['mobile', 'desktop', 'tv']));
    expect(log.filter((r) => r.item_id === r.current_item_id)).toEqual([]);
  });

  it('ties labels together: watch, like and rating only after a click; dismiss only without', () => {
    const inconsistent = log.filter((r) =>
      r.click === 0
        ? r.watch_seconds !== 0 || r.like !== 0 || r.rating !== null
        : r.watch_seconds <= 0 ||
          r.dismiss !== 0 ||
          (r.rating !== null && ![1, 2, 3, 4, 5].includes(r.rating)),
    );
    expect(inconsistent).toEqual([]);
    expect(log.some((r) => r.rating !== null)).toBe(true);
    expect(log.some((r) => r.dismiss === 1)).toBe(true);
  });

  it('lists in recent_items the user’s last clicks before the request, newest first', () => {
    const clicks = new Map<string, string[]>();
    const pending: Interaction[] = [];
    const mismatches: string[] = [];
    for (const row of log) {
      if (pending.length > 0 && pending[0]?.request_id !== row.request_id) {
        for (const done of pending.splice(0)) {
          if (done.click)
            clicks.set(done.user_id, [done.item_id, ...(clicks.get(done.user_id) ?? [])].slice(0, 20));
        }
      }
      const expected = clicks.get(row.user_id) ?? [];
      if (expected.join() !== row.recent_items.join()) mismatches.push(row.request_id);
      pending.push(row);
    }
    expect(mismatches).toEqual([]);
    expect(log.some((r) => r.recent_items.length === 20)).toBe(true);
  });
});

/** The candidate index build on small hand-made logs whose answers can be worked out by hand. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type BuildInput, buildCandidateIndex } from '../../src/candidates/build/build.js';
import { CowatchCounter } from '../../src/candidates/build/cowatch.js';
import { DecayClock } from '../../src/candidates/build/decay.js';
import type { CandidateIndex, Csr, RankedItems } from '../../src/candidates/types.js';
import { spawnCli } from '../helpers/process.js';

const dir = mkdtempSync(join(tmpdir(), 'multirank-candidates-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const END = 1_700_000_000;
const DAY = 86_400;

interface Row {
  user: string;
  item: string;
  t?: number;
  click?: 0 | 1;
  device?: string;
  current?: string;
}

let files = 0;
/** Writes rows as a JSONL log in the simulator's column names; returns the path. */
function writeLog(rows: Row[]): string {
  const path = join(dir, `log-${files++}.jsonl`);
  const lines = rows.map((r, i) =>
    JSON.stringify({
      request_id: `r${i}`,
      user_id: r.user,
      item_id: r.item,
      timestamp: r.t ?? END,
      device: r.device ?? null,
      current_item_id: r.current ?? null,
      click: r.click ?? 1,
    }),
  );
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function writeItems(rows: Record<string, unknown>[]): string {
  const path = join(dir, `items-${files++}.jsonl`);
  writeFileSync(path, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return path;
}

/** Repeats a row n times, each with its own user (so no user-window pairs form). */
function times(n: number, row: Omit<Row, 'user'>, prefix: string): Row[] {
  return Array.from({ length: n }, (_, i) => ({ ...row, user: `${prefix}${i}` }));
}

const build = (input: Omit<BuildInput, 'options'> & Partial<Pick<BuildInput, 'options'>>) =>
  buildCandidateIndex({ ...input, options: { embeddings: { epochs: 2, dim: 4 }, ...input.options } });

function row(index: CandidateIndex, csr: Csr, id: string): [string, number][] {
  const r = index.indexOf.get(id) ?? -1;
  const out: [string, number][] = [];
  for (let j = csr.offsets[r] ?? 0; j < (csr.offsets[r + 1] ?? 0); j++) {
    out.push([index.itemIds[csr.targets[j] ?? -1] ?? '?', csr.scores[j] ?? Number.NaN]);
  }
  return out;
}

const ids = (index: CandidateIndex, list: RankedItems | undefined) =>
  [...(list?.items ?? [])].map((i) => index.itemIds[i]);

describe('co-watch', () => {
  // a → hit 3 times, a → niche twice; hit is also watched after x ten times.
  // out(a) = 5, in(hit) = 13, in(niche) = 2.
  const rows = [
    ...times(3, { item: 'hit', current: 'a' }, 'p'),
    ...times(2, { item: 'niche', current: 'a' }, 'q'),
    ...times(10, { item: 'hit', current: 'x' }, 's'),
  ];

  it('normalises against the target popularity: C / sqrt(out(a)·in(b)) puts the niche pair first', async () => {
    const index = await build({ logs: writeLog(rows) });
    const neighbours = row(index, index.cowatch, 'a');
    expect(neighbours.map(([id]) => id)).toEqual(['niche', 'hit']);
    expect(neighbours[0]?.[1]).toBeCloseTo(2 / Math.sqrt(5 * 2), 5);
    expect(neighbours[1]?.[1]).toBeCloseTo(3 / Math.sqrt(5 * 13), 5);
    expect(row(index, index.cowatch, 'x').map(([id]) => id)).toEqual(['hit']);
    expect(row(index, index.cowatch, 'x')[0]?.[1]).toBeCloseTo(10 / Math.sqrt(10 * 13), 5);
    // Directed: nothing is watched after hit.
    expect(row(index, index.cowatch, 'hit')).toEqual([]);
  });

  it('ranks by raw counts with alpha 0', async () => {
    const index = await build({ logs: writeLog(rows), options: { cowatchAlpha: 0 } });
    expect(row(index, index.cowatch, 'a').map(([id]) => id)).toEqual(['hit', 'niche']);
  });

  it("pairs a user's earlier clicks inside the window, both ways only within one moment", async () => {
    const logs = writeLog([
      { user: 'u', item: 's1', t: END - 7200 },
      { user: 'u', item: 's2', t: END - 7200 },
      { user: 'u', item: 'p', t: END - 4000 },
      { user: 'u', item: 'q', t: END - 3000 },
      { user: 'u', item: 'r', t: END + 1000 },
    ]);
    const index = await build({ logs });
    const targets = (id: string) => row(index, index.cowatch, id).map(([t]) => t);
    expect(targets('s1')).toEqual(['s2', 'p']);
    expect(targets('s2')).toEqual(['s1', 'p']);
    expect(targets('p')).toEqual(['q']);
    expect(targets('q')).toEqual([]);
  });

  it('keeps a bounded table: rows pruned to the strongest pairs', () => {
    const counter = new CowatchCounter(new DecayClock(14), { windowSeconds: 0, recent: 1, keepPerItem: 2 });
    const click = (target: number, n: number) => {
      for (let i = 0; i < n; i++) counter.click(100 + target * 10 + i, target, END, 0);
    };
    click(1, 5);
    click(2, 4);
    click(3, 1);
    click(4, 1);
    expect(counter.pairs).toBe(4);
    click(5, 1); // five neighbours > 2·keep: pruned back to the two strongest
    expect(counter.pairs).toBe(2);
    expect([...counter.toCsr(6, 10, 0.5).targets]).toEqual([1, 2]);
  });
});

describe('decay', () => {
  it('orders popular (14 days) and trending (1 day) differently for old and new clicks', async () => {
    const logs = writeLog([
      ...times(3, { item: 'old', t: END - 7 * DAY }, 'o'),
      ...times(2, { item: 'new', t: END }, 'n'),
    ]);
    const index = await build({ logs });
    expect(ids(index, index.popular.get('all'))).toEqual(['old', 'new']);
    expect(ids(index, index.trending.get('all'))).toEqual(['new', 'old']);
    expect([...(index.popular.get('all')?.scores ?? [])][0]).toBeCloseTo(3 * 2 ** -0.5, 5);
    expect([...(index.trending.get('all')?.scores ?? [])][0]).toBeCloseTo(2, 5);
  });

  it('stays finite and exact over hundreds of half-lives (the clock rescales)', () => {
    const clock = new DecayClock(1);
    const totals = [0, 0];
    clock.onRescale((f) => {
      totals[0]! *= f;
      totals[1]! *= f;
    });
    totals[0]! += clock.weight(END);
    totals[1]! += clock.weight(END + 300 * DAY); // 300 half-lives later: past the rescale point
    const factor = clock.factorAt(END + 301 * DAY);
    expect(totals[0]! * factor).toBe(2 ** -301);
    expect(totals[1]! * factor).toBe(0.5);
  });
});

describe('segments, fresh and groups', () => {
  it('keeps popular lists per device beside "all"', async () => {
    const logs = writeLog([
      ...times(3, { item: 'm', device: 'mobile' }, 'a'),
      ...times(2, { item: 't', device: 'tv' }, 'b'),
      { user: 'c', item: 'z', click: 0, device: 'tv' },
    ]);
    const index = await build({ logs });
    expect([...index.popular.keys()]).toEqual(['all', 'device:mobile', 'device:tv']);
    expect(ids(index, index.popular.get('all'))).toEqual(['m', 't']);
    expect(ids(index, index.popular.get('device:mobile'))).toEqual(['m']);
    expect(ids(index, index.popular.get('device:tv'))).toEqual(['t']);
    expect(ids(index, index.trending.get('device:tv'))).toEqual(['t']);
  });

  it('orders fresh by upload time from the table, or by first sight in the log without one', async () => {
    const logs = writeLog([
      { user: 'a', item: 'y', t: END - 2 * DAY },
      { user: 'a', item: 'x', t: END - DAY },
      { user: 'a', item: 'y', t: END },
    ]);
    const items = writeItems([
      { item_id: 'x', upload_time: END - 30 * DAY },
      { item_id: 'y', upload_time: END - 10 * DAY },
      { item_id: 'w', upload_time: END - DAY },
      { item_id: 'v' },
    ]);
    const withTable = await build({ logs, items });
    expect(ids(withTable, withTable.fresh)).toEqual(['w', 'y', 'x']);
    expect(withTable.fresh.scores[0]).toBeCloseTo((END - DAY) / DAY, 2);
    const fromLog = await build({ logs });
    expect(ids(fromLog, fromLog.fresh)).toEqual(['x', 'y']);
  });

  it('orders topic and creator members by decayed clicks by default', async () => {
    // g1 30 clicks of 100, g2 2 of 3 (higher CTR, fewer clicks), g3 never shown.
    const shown = (item: string, n: number, clicks: number) =>
      Array.from({ length: n }, (_, i): Row => ({ user: `${item}${i}`, item, click: i < clicks ? 1 : 0 }));
    const logs = writeLog([...shown('g2', 3, 2), ...shown('g1', 100, 30)]);
    const items = writeItems([
      { item_id: 'g3', topic: 'music' },
      { item_id: 'g2', topic: 'music' },
      { item_id: 'g1', topic: 'music' },
    ]);
    const index = await build({ logs, items });
    const row = index.topics.targets.subarray(index.topics.offsets[0], index.topics.offsets[1]);
    expect([...row].map((i) => index.itemIds[i])).toEqual(['g1', 'g2', 'g3']);
    expect(index.topics.scores[0]).toBeCloseTo(30, 3);
    expect(index.topics.scores[1]).toBeCloseTo(2, 3);
  });

  it('orders topic and creator members by smoothed CTR, not raw CTR, with groupOrder: ctr', async () => {
    // g1 30/100, g2 2/3, g3 never shown, f 10/1000: prior p = 42/1103; m = 20.
    // g1 (30 + 20p)/120 ≈ 0.256 > g2 (2 + 20p)/23 ≈ 0.120 > g3 = p ≈ 0.038.
    const shown = (item: string, n: number, clicks: number) =>
      Array.from({ length: n }, (_, i): Row => ({ user: `${item}${i}`, item, click: i < clicks ? 1 : 0 }));
    const logs = writeLog([...shown('g2', 3, 2), ...shown('g1', 100, 30), ...shown('f', 1000, 10)]);
    const items = writeItems([
      { item_id: 'g3', topic: 'music', creator_id: 'c1' },
      { item_id: 'g2', topic: 'music', creator_id: 'c1' },
      { item_id: 'g1', topic: 'music', creator_id: 'c2' },
      { item_id: 'f', topic: 'news' },
    ]);
    const index = await build({ logs, items, options: { groupOrder: 'ctr' } });
    expect(index.topicNames).toEqual(['music', 'news']);
    expect(index.creatorNames).toEqual(['c1', 'c2']);
    const p = 42 / 1103;
    const members = (csr: Csr, g: number) =>
      [...csr.targets.subarray(csr.offsets[g], csr.offsets[g + 1])].map((i) => index.itemIds[i]);
    expect(members(index.topics, 0)).toEqual(['g1', 'g2', 'g3']);
    expect(members(index.creators, 0)).toEqual(['g2', 'g3']);
    expect(index.topics.scores[0]).toBeCloseTo((30 + 20 * p) / 120, 5);
    expect(index.topics.scores[2]).toBeCloseTo(p, 5);
    expect(index.creatorOf[index.indexOf.get('f') ?? -1]).toBe(-1);
  });

  it('fills similar with each item’s neighbours, never itself', async () => {
    const logs = writeLog(['a', 'b', 'c', 'd'].flatMap((item) => times(4, { item }, 'u')));
    const index = await build({ logs, options: { neighboursPerItem: 2 } });
    const { offsets, targets } = index.similar;
    expect(offsets.length).toBe(5);
    for (let r = 0; r < 4; r++) {
      expect(offsets[r + 1]! - offsets[r]!).toBe(2);
      expect([...targets.subarray(offsets[r], offsets[r + 1])]).not.toContain(r);
    }
  });
});

describe('bad input', () => {
  it('names file:line and column for an unreadable row', async () => {
    const logs = writeLog([{ user: 'a', item: 'x' }]);
    writeFileSync(
      logs,
      `${JSON.stringify({ user_id: 'b', item_id: 'y', timestamp: 'yesterday', click: 1 })}\n`,
      {
        flag: 'a',
      },
    );
    await expect(build({ logs })).rejects.toThrow(
      /log-\d+\.jsonl:2: column "timestamp": expected unix seconds or milliseconds, or an ISO date/,
    );
  });

  it('refuses a row without an item id', async () => {
    const logs = join(dir, 'no-item.jsonl');
    writeFileSync(logs, `${JSON.stringify({ user_id: 'b', timestamp: END, click: 1 })}\n`);
    await expect(build({ logs })).rejects.toThrow('no-item.jsonl:1: column "item_id": missing value');
  });
});

describe('multirank candidates build', () => {
  const logs = writeLog([
    ...times(3, { item: 'hit', current: 'a', device: 'tv' }, 'p'),
    ...times(2, { item: 'niche', current: 'a', device: 'mobile' }, 'q'),
  ]);
  const items = writeItems([{ item_id: 'hit', topic: 't1', creator_id: 'c1', upload_time: END }]);

  it('writes the index and prints a summary', async () => {
    const out = join(dir, 'cli-index');
    const cli = spawnCli([
      'candidates',
      'build',
      '--logs',
      logs,
      '--items',
      items,
      '--out',
      out,
      '--group-order',
      'ctr',
      '--no-progress',
    ]);
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toMatch(
      /candidate index .*cli-index: 3 items, 2 co-watch pairs, .* 1 topics, 1 creators, 3 segments;/,
    );
    for (const file of ['index.json', 'items.txt', 'cowatch.targets.i32', 'popular.device~3atv.items.i32']) {
      expect(existsSync(join(out, file)), file).toBe(true);
    }
    expect(JSON.parse(readFileSync(join(out, 'index.json'), 'utf8'))).toMatchObject({ groupOrder: 'ctr' });
  });

  it('refuses an unknown --group-order, naming the choices', async () => {
    const cli = spawnCli([
      'candidates',
      'build',
      '--logs',
      logs,
      '--out',
      join(dir, 'y'),
      '--group-order',
      'likes',
    ]);
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toContain(
      "option '--group-order <order>' argument 'likes' is invalid. Allowed choices are clicks, ctr.",
    );
  });

  it('reports a missing log as one error line, without usage', async () => {
    const cli = spawnCli(['candidates', 'build', '--logs', join(dir, 'nope.jsonl'), '--out', join(dir, 'x')]);
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toMatch(/error: .*nope\.jsonl: cannot read/);
    expect(cli.output()).not.toContain('Usage:');
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });
});

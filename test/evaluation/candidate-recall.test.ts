import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCandidateIndex } from '../../src/candidates/build/build.js';
import { generateCandidates, generateSourceLists } from '../../src/candidates/generate.js';
import type { CandidateIndex } from '../../src/candidates/types.js';
import { evaluateCandidateRecall } from '../../src/evaluation/candidate-recall.js';
import { type EventLists, recallAtK } from '../../src/evaluation/recall.js';
import { makeIndex } from '../candidates/fixture.js';

let dir: string;
let files = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'multirank-recall-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Row {
  request: string;
  user: string;
  item: string;
  click: 0 | 1;
  device?: string;
  current?: string;
  recent?: string[];
  t?: number;
}

const record = (r: Row) => ({
  request_id: r.request,
  user_id: r.user,
  item_id: r.item,
  timestamp: r.t ?? 1_700_000_000,
  device: r.device ?? '',
  current_item_id: r.current ?? '',
  recent_items: r.recent ?? [],
  click: r.click,
});

function writeJsonl(rows: Row[]): string {
  const path = join(dir, `log-${files++}.jsonl`);
  writeFileSync(path, `${rows.map((r) => JSON.stringify(record(r))).join('\n')}\n`);
  return path;
}

function writeCsv(rows: Row[]): string {
  const path = join(dir, `log-${files++}.csv`);
  const header = 'request_id,user_id,item_id,timestamp,device,current_item_id,recent_items,click';
  const lines = rows.map((r) => {
    const c = record(r);
    return [
      c.request_id,
      c.user_id,
      c.item_id,
      c.timestamp,
      c.device,
      c.current_item_id,
      c.recent_items.join('|'),
      c.click,
    ].join(',');
  });
  writeFileSync(path, `${[header, ...lines].join('\n')}\n`);
  return path;
}

// Items a..g (indices 0..6). Lists as generated for the two requests below:
//   r1 (current a, mobile → "all"): cowatch [b, c]; topic [d, a, c]; popular [e, b]; fresh [g];
//      merged (a excluded; best rank, then index): b, d, e, g (rank 0), c (rank 1).
//   r2 (current q unknown, recent [a], tv): cowatch = a's row [b, c]; topic = a's topic [d, a, c];
//      popular [f]; fresh [g]; merged: b, d, f, g (rank 0), a, c (rank 1).
const index = makeIndex({
  items: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
  cowatch: {
    a: [
      ['b', 3],
      ['c', 1],
    ],
  },
  topics: { t1: ['d', 'a', 'c'] },
  popular: { all: ['e', 'b'], 'device:tv': ['f'] },
  fresh: ['g'],
});
const rows: Row[] = [
  { request: 'r1', user: 'u1', device: 'mobile', current: 'a', item: 'b', click: 1 },
  { request: 'r1', user: 'u1', device: 'mobile', current: 'a', item: 'c', click: 0 },
  { request: 'r1', user: 'u1', device: 'mobile', current: 'a', item: 'e', click: 1 },
  { request: 'r1', user: 'u1', device: 'mobile', current: 'a', item: 'z', click: 1 },
  { request: 'r2', user: 'u2', device: 'tv', current: 'q', recent: ['a'], item: 'f', click: 1 },
  { request: 'r2', user: 'u2', device: 'tv', current: 'q', recent: ['a'], item: 'g', click: 0 },
  { request: 'r3', user: 'u3', device: 'tv', item: 'a', click: 0 },
];

describe('evaluateCandidateRecall', () => {
  it('measures recall@k, ideal, coverage and list depth per source and merged, by hand', async () => {
    const report = await evaluateCandidateRecall(index, writeJsonl(rows), { ks: [1, 3] });
    // Events: b, e, z (r1) and f (r2); z is not in the index, so the ideal is 3/4.
    expect(report).toMatchObject({ rows: 7, requests: 2, requestsWithoutClick: 1, events: 4, ideal: 0.75 });
    expect(report.ks).toEqual([1, 3]);
    expect(report.recall).toEqual({
      cowatch: { 1: 0.25, 3: 0.25 }, // b first in r1
      history: { 1: 0, 3: 0 },
      topic: { 1: 0, 3: 0 },
      creator: { 1: 0, 3: 0 },
      trending: { 1: 0, 3: 0 },
      popular: { 1: 0.5, 3: 0.75 }, // e first (r1), f first (r2), b second (r1)
      fresh: { 1: 0, 3: 0 },
      merged: { 1: 0.25, 3: 0.75 }, // b 1st, e 3rd (r1); f 2nd (r2)
    });
    expect(report.relative.merged).toEqual({ 1: 1 / 3, 3: 1 });
    expect(report.relative.popular?.[3]).toBe(1);
    expect(report.anySource).toBe(0.75);
    expect(report.catalogueSize).toBe(7);
    // cowatch {b, c}; topic {d, a, c}; popular {e, b, f}; fresh {g}; merged every item (a in r2).
    expect(report.coverage).toEqual({
      cowatch: 2 / 7,
      history: 0,
      topic: 3 / 7,
      creator: 0,
      trending: 0,
      popular: 3 / 7,
      fresh: 1 / 7,
      merged: 1,
    });
    expect(report.meanListLength).toMatchObject({
      cowatch: 2,
      topic: 3,
      popular: 1.5,
      fresh: 1,
      merged: 5.5,
    });
    expect(report.meanGenerationUs).toBeGreaterThan(0);
  });

  it('reads the same log as CSV with "|"-joined recent items', async () => {
    const fromJsonl = await evaluateCandidateRecall(index, writeJsonl(rows), { ks: [1, 3] });
    const fromCsv = await evaluateCandidateRecall(index, writeCsv(rows), { ks: [1, 3] });
    const { log: _a, meanGenerationUs: _b, ...jsonl } = fromJsonl;
    const { log: _c, meanGenerationUs: _d, ...csv } = fromCsv;
    expect(csv).toEqual(jsonl);
  });

  it('treats a request id that comes back later as a new request (rows are grouped while consecutive)', async () => {
    const split = [rows[0]!, rows[4]!, rows[1]!, rows[2]!];
    const report = await evaluateCandidateRecall(index, writeJsonl(split), { ks: [1, 3] });
    expect(report).toMatchObject({ requests: 3, requestsWithoutClick: 0, events: 3 });
  });

  it('stops on a bad row naming file, line and column, and on a missing file', async () => {
    const bad = writeJsonl([rows[0]!, { ...rows[1]!, click: 7 as 0 }]);
    await expect(evaluateCandidateRecall(index, bad)).rejects.toThrow(
      `${bad}:2: column "click": expected a binary label (0 or 1), got number 7`,
    );
    const noRequest = join(dir, 'no-request.csv');
    writeFileSync(noRequest, 'user_id,item_id,click\nu1,a,1\n');
    await expect(evaluateCandidateRecall(index, noRequest)).rejects.toThrow(
      `${noRequest}:2: column "request_id": missing value`,
    );
    await expect(evaluateCandidateRecall(index, join(dir, 'absent.jsonl'))).rejects.toThrow(
      /absent\.jsonl: cannot read: ENOENT/,
    );
  });
});

describe('evaluateCandidateRecall on a built index', () => {
  // Training log: sessions a → b → c repeated by many users, plus a d → e habit on tv.
  const training: Row[] = [];
  for (let u = 0; u < 30; u++) {
    const t = 1_700_000_000 + u * 100;
    const device = u % 3 === 0 ? 'tv' : 'mobile';
    training.push({ request: `t${u}a`, user: `u${u}`, device, current: 'a', item: 'b', click: 1, t });
    training.push({ request: `t${u}a`, user: `u${u}`, device, current: 'a', item: 'x', click: 0, t });
    training.push({ request: `t${u}b`, user: `u${u}`, device, current: 'b', item: 'c', click: 1, t: t + 10 });
    if (device === 'tv') {
      training.push({
        request: `t${u}d`,
        user: `u${u}`,
        device,
        current: 'd',
        item: 'e',
        click: 1,
        t: t + 20,
      });
    }
  }
  const heldOut: Row[] = [
    { request: 'h1', user: 'n1', device: 'mobile', current: 'a', item: 'b', click: 1 },
    { request: 'h1', user: 'n1', device: 'mobile', current: 'a', item: 'c', click: 1 },
    { request: 'h2', user: 'n2', device: 'tv', current: 'd', recent: ['b', 'a'], item: 'e', click: 1 },
    { request: 'h3', user: 'n3', device: 'tv', item: 'new', click: 1 },
    { request: 'h4', user: 'n4', device: 'phone', current: 'c', item: 'a', click: 0 },
  ];
  let built: CandidateIndex;
  beforeAll(async () => {
    built = await buildCandidateIndex({
      logs: writeJsonl(training),
      options: { embeddings: { epochs: 2, dim: 4 } },
    });
  });

  it('agrees with recallAtK over the same events', async () => {
    const report = await evaluateCandidateRecall(built, writeJsonl(heldOut));
    // The same events by hand: one per clicked row, lists from the serving functions.
    const lists: EventLists<string>[] = [];
    const truths: string[] = [];
    const requests = [
      { userId: 'n1', currentItem: 'a', recentItems: [], segments: ['device:mobile'], clicks: ['b', 'c'] },
      { userId: 'n2', currentItem: 'd', recentItems: ['b', 'a'], segments: ['device:tv'], clicks: ['e'] },
      { userId: 'n3', recentItems: [], segments: ['device:tv'], clicks: ['new'] },
    ];
    for (const { clicks, ...request } of requests) {
      const event: Record<string, string[]> = {};
      for (const [source, list] of Object.entries(generateSourceLists(built, request))) {
        event[source] = Array.from(list.items, (i) => built.itemIds[i] ?? '?');
      }
      event.merged = generateCandidates(built, request).map((c) => c.itemId);
      for (const click of clicks) {
        lists.push(event);
        truths.push(click);
      }
    }
    const expected = recallAtK(lists, truths, built.itemIds);
    expect(report.events).toBe(4);
    expect(report.ideal).toBe(0.75); // "new" was never in the training log
    expect(report.recall).toEqual(expected.recall);
    expect(report.coverage).toEqual(expected.coverage);
    expect(report.catalogueSize).toBe(expected.catalogueSize);
    // Every known click was proposed: a → b and b → c are co-watch pairs, e is popular on tv.
    expect(report.recall.merged).toEqual({ 100: 0.75, 500: 0.75 });
    expect(report.recall.cowatch?.[100]).toBeGreaterThanOrEqual(0.5);
  });
});

/**
 * What the candidate build reads: millisecond timestamps converted before any decay, columns
 * named by the training config, and a word when an optional column never had a value.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type BuildInput, buildCandidateIndex } from '../../src/candidates/build/build.js';
import { sourcesFromConfig } from '../../src/candidates/build/from-config.js';
import type { CandidateIndex } from '../../src/candidates/types.js';
import { parseConfigText } from '../../src/features/parse-config.js';

const dir = mkdtempSync(join(tmpdir(), 'multirank-candidates-sources-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const END = 1_700_000_000;
const DAY = 86_400;

let files = 0;
function writeJsonl(rows: Record<string, unknown>[]): string {
  const path = join(dir, `t-${files++}.jsonl`);
  writeFileSync(path, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return path;
}

/** Clicks spread over three weeks, so the 1-day and 14-day decays order them differently. */
function clicks(scale: number): Record<string, unknown>[] {
  const at = (days: number) => (END - days * DAY) * scale;
  return [
    ...Array.from({ length: 6 }, (_, i) => ({
      user_id: `o${i}`,
      item_id: 'old',
      timestamp: at(20),
      click: 1,
    })),
    ...Array.from({ length: 2 }, (_, i) => ({
      user_id: `n${i}`,
      item_id: 'new',
      timestamp: at(0),
      click: 1,
    })),
    { user_id: 'm', item_id: 'mid', timestamp: at(3), click: 1, device: 'tv', current_item_id: 'old' },
  ];
}

const build = (input: BuildInput) =>
  buildCandidateIndex({ ...input, options: { embeddings: { epochs: 1, dim: 4 }, ...input.options } });

const scores = (index: CandidateIndex, list: 'popular' | 'trending') => {
  const ranked = index[list].get('all')!;
  return [...ranked.items].map((i, k) => [index.itemIds[i], ranked.scores[k]]);
};

describe('timestamps', () => {
  it('builds the same decay, fresh list and time range from a millisecond log as from seconds', async () => {
    const items = (scale: number) =>
      writeJsonl([
        { item_id: 'old', upload_time: (END - 30 * DAY) * scale },
        { item_id: 'new', upload_time: (END - DAY) * scale },
      ]);
    const seconds = await build({ logs: writeJsonl(clicks(1)), items: items(1) });
    const ms = await build({ logs: writeJsonl(clicks(1000)), items: items(1000) });
    expect(ms.meta.lastTimestamp).toBe(END);
    expect(ms.meta.firstTimestamp).toBe(END - 20 * DAY);
    expect(scores(ms, 'popular')).toEqual(scores(seconds, 'popular'));
    expect(scores(ms, 'trending')).toEqual(scores(seconds, 'trending'));
    // Trending (1 day) puts the two fresh clicks above six 20-day-old ones.
    expect(scores(ms, 'trending')[0]![0]).toBe('new');
    expect([...ms.fresh.scores]).toEqual([...seconds.fresh.scores]);
  });

  it('reads milliseconds declared as seconds as seconds: the unit is the user’s to override', async () => {
    const index = await build({ logs: writeJsonl(clicks(1000)), options: { timestampUnit: 's' } });
    expect(index.meta.lastTimestamp).toBe(END * 1000);
  });
});

describe('columns', () => {
  it('reads renamed columns, and says which optional column never had a value', async () => {
    const logs = writeJsonl(
      clicks(1).map(({ user_id, item_id, timestamp, click }) => ({
        uid: user_id,
        vid: item_id,
        ts: timestamp,
        clicked: click,
      })),
    );
    const items = writeJsonl([{ vid: 'old', category: 'news', creator_id: 'c1' }]);
    const lines: string[] = [];
    const index = await build({
      logs,
      items,
      options: {
        logColumns: { user: 'uid', item: 'vid', timestamp: 'ts', click: 'clicked' },
        itemColumns: { item: 'vid', topic: 'category' },
      },
      log: (line) => lines.push(line),
    });
    expect(index.meta.clicks).toBe(9);
    expect(index.topicNames).toEqual(['news']);
    expect(lines).toContain(
      'no "upload_time" values in the item table: fresh items by first appearance in the log (name the column with --upload-time-column)',
    );
    expect(lines).toContain(
      'no "device" values in the log\'s clicked rows: no device segments (name the column with --device-column)',
    );
    expect(lines.some((l) => l.includes('"category"') || l.includes('"creator_id"'))).toBe(false);
  });

  it('takes the log, item table, keys, unit, device and click column from a training config', () => {
    const config = parseConfigText(
      `
data:
  log: { path: events.txt, format: csv }
  items: { path: catalogue.jsonl, key: video }
  keys: { user: uid, item: vid, timestamp: ts, timestampUnit: ms }
features:
  - { name: region, source: context, type: categorical }
tasks:
  - { name: click, column: clicked, kind: binary, biasTower: true }
bias: { position: pos, device: platform }
`,
      { baseDir: '/data' },
    );
    expect(sourcesFromConfig(config)).toEqual({
      logs: '/data/events.txt',
      logFormat: 'csv',
      items: '/data/catalogue.jsonl',
      itemsFormat: null,
      logColumns: { user: 'uid', item: 'vid', timestamp: 'ts', click: 'clicked', device: 'platform' },
      itemColumns: { item: 'video' },
      timestampUnit: 'ms',
      unset: [],
    });
  });

  it('lists the keys a config leaves unset instead of guessing them', () => {
    const config = parseConfigText(
      `
data: { log: adult.csv, validation: { lastFraction: 0.2 } }
features: [{ name: age, source: context, type: numeric }]
tasks: [{ name: income, kind: binary }]
`,
      { baseDir: '/data' },
    );
    expect(sourcesFromConfig(config).unset).toEqual([
      'data.keys.user',
      'data.keys.item',
      'data.keys.timestamp',
    ]);
  });
});

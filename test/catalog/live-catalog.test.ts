/**
 * The live catalog in memory: the bundle's items with changes over them, held as slots, columns
 * and encoded rows. After any sequence of additions, replacements, takedowns and reverts, it
 * answers each item's record as it now stands, and a request encoded from its gathered rows
 * equals the row path over those records (the definition).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RawRecord } from '../../src/data/records.js';
import { encodeRows } from '../../src/features/encode.js';
import { parseFittedFeatures } from '../../src/features/fitted.js';
import { createRequestEncoder } from '../../src/features/request-encoder.js';
import { rowFromRequest } from '../../src/features/rows.js';
import { type CatalogChange, createItemCatalog } from '../../src/ranking/item-catalog.js';
import { createLiveCatalog, gatherJob } from '../../src/ranking/live-catalog.js';
import { Rng } from '../../src/util/random.js';
import { DEFAULT_MODEL_DIR } from '../helpers/serving.js';

const fitted = parseFittedFeatures(
  JSON.parse(readFileSync(join(DEFAULT_MODEL_DIR, 'features.json'), 'utf8')),
);
const records = readFileSync(join(DEFAULT_MODEL_DIR, 'items.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as RawRecord);
const bundle = new Map(records.map((record) => [String(record.item_id), record]));
const columns = ['item_id', 'topic', 'duration_seconds', 'upload_time'];
const fresh = () => createLiveCatalog(createItemCatalog(bundle, columns), fitted);

describe('live item catalog', () => {
  it('answers the change over the bundle: added, replaced, taken down, reverted', () => {
    const catalog = fresh();
    expect(catalog.size).toBe(1000);
    catalog.apply([
      ['new-1', { topic: 't01', duration_seconds: 60, creator_id: 'c9', tags: ['a', 1], flag: true }],
      ['i1', { topic: 't02', duration_seconds: 30, upload_time: null }],
      ['i2', null],
      ['never-seen', null],
    ]);
    // Cut to the model's columns, like the bundle's records; values as written.
    expect(catalog.get('new-1')).toEqual({ topic: 't01', duration_seconds: 60 });
    expect(catalog.get('i1')).toEqual({ topic: 't02', duration_seconds: 30, upload_time: null });
    expect(catalog.has('i2')).toBe(false);
    expect(catalog.slotOf('i2')).toBe(-1);
    expect(catalog.get('never-seen')).toBeUndefined();
    expect(catalog.size).toBe(1000);
    catalog.apply([['i2', undefined]]);
    expect(catalog.get('i2')).toEqual(bundle.get('i2'));
    expect(catalog.size).toBe(1001);
    expect(new Set([...catalog.entries()].map(([id]) => id)).size).toBe(1001);
    expect(new Map(catalog.changes())).toEqual(
      new Map<string, RawRecord | null>([
        ['new-1', { topic: 't01', duration_seconds: 60 }],
        ['i1', { topic: 't02', duration_seconds: 30, upload_time: null }],
        ['never-seen', null],
      ]),
    );
    // Back to nothing: an id the bundle lacks is forgotten, and its slot serves the next item.
    catalog.apply([
      ['never-seen', undefined],
      ['new-1', undefined],
      ['new-2', { topic: 't03' }],
    ]);
    expect([...catalog.changes()].map(([id]) => id).sort()).toEqual(['i1', 'new-2']);
    expect(catalog.get('new-1')).toBeUndefined();
    expect(catalog.get('new-2')).toEqual({ topic: 't03' });
  });

  it('gathers rows equal to the row path through 2,000 random changes', () => {
    const catalog = fresh();
    const encoder = createRequestEncoder(fitted, null);
    const rng = new Rng(31, 'live-catalog');
    const ids = [...bundle.keys(), ...Array.from({ length: 300 }, (_, i) => `live-${i}`)];
    const pick = () => ids[rng.int(ids.length)]!;
    for (let round = 0; round < 40; round++) {
      const changes: CatalogChange[] = Array.from({ length: 50 }, () => {
        const roll = rng.uniform();
        const record =
          roll < 0.6
            ? { topic: `t${rng.int(40)}`, duration_seconds: rng.int(5000), upload_time: 1.7e9 + rng.int(1e7) }
            : roll < 0.65
              ? { duration_seconds: 'not a number' }
              : roll < 0.85
                ? null
                : undefined;
        return [pick(), record];
      });
      catalog.apply(changes);
      const wanted = Array.from({ length: 40 }, (_, index) => {
        const itemId = pick();
        // A few bring features of their own over the catalog's.
        const features = rng.uniform() < 0.1 ? { duration_seconds: rng.int(100) } : undefined;
        return { itemId, features, index };
      });
      const bad = (c: { itemId: string }) => catalog.get(c.itemId)?.duration_seconds === 'not a number';
      const view = { userId: 'u7', context: { device: 'tv' } };
      const encode = (candidates: typeof wanted) => {
        const job = candidates.map((c) => ({ ...c }));
        const slots = Int32Array.from(job, (c) => catalog.slotOf(c.itemId));
        return encoder.encode(view, job, gatherJob(catalog, job, slots));
      };
      const usable = wanted.filter((c) => !bad(c) || c.features);
      const byRows = encodeRows(
        fitted,
        usable.map((c, i) => rowFromRequest(fitted.layout, view, { ...c, item: catalog.get(c.itemId) }, i)),
        { labels: false },
      );
      expect(encode(usable)).toEqual(byRows);
      const broken = wanted.find((c) => bad(c) && !c.features);
      if (broken) expect(() => encode([broken])).toThrow(/column "duration_seconds"/);
    }
    // Every item answered for has its row, but those whose value does not encode.
    const held = [...catalog.entries()];
    const slots = Int32Array.from(held, ([id]) => catalog.slotOf(id));
    const found = catalog.gather(slots).found;
    held.forEach(([, record], i) => {
      expect(found[i]).toBe(record.duration_seconds === 'not a number' ? 0 : 1);
    });
  });
});

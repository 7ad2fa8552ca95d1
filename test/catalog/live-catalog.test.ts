/**
 * The live catalog in memory: the bundle's items with changes over them, and the request encoder
 * kept in step (a changed item is encoded again when first ranked). After any sequence of additions, replacements, takedowns and reverts, encoding
 * equals the row path over the catalog as it now stands (the definition).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RawRecord } from '../../src/data/records.js';
import { encodeRows } from '../../src/features/encode.js';
import { parseFittedFeatures } from '../../src/features/fitted.js';
import { createRequestEncoder } from '../../src/features/request-encoder.js';
import { rowFromRequest } from '../../src/features/rows.js';
import { type CatalogChange, createItemCatalog, createLiveCatalog } from '../../src/ranking/item-catalog.js';
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

describe('live item catalog', () => {
  it('answers the change over the bundle: added, replaced, taken down, reverted', () => {
    const catalog = createLiveCatalog(createItemCatalog(bundle, columns), columns);
    expect(catalog.size).toBe(1000);
    const effective = catalog.apply([
      ['new-1', { topic: 't01', duration_seconds: 60, creator_id: 'c9' }],
      ['i1', { topic: 't02', duration_seconds: 30 }],
      ['i2', null],
      ['never-seen', null],
    ]);
    expect(effective).toEqual([
      ['new-1', { topic: 't01', duration_seconds: 60 }],
      ['i1', { topic: 't02', duration_seconds: 30 }],
      ['i2', null],
      ['never-seen', null],
    ]);
    // Cut to the model's columns, like the bundle's records.
    expect(catalog.get('new-1')).toEqual({ topic: 't01', duration_seconds: 60 });
    expect(catalog.has('i2')).toBe(false);
    expect(catalog.size).toBe(1000);
    expect(catalog.apply([['i2', undefined]])).toEqual([['i2', bundle.get('i2')]]);
    expect(catalog.get('i2')).toEqual(bundle.get('i2'));
    expect(catalog.size).toBe(1001);
    expect(new Set([...catalog.entries()].map(([id]) => id)).size).toBe(1001);
    expect([...catalog.changes()].map(([id]) => id)).toEqual(['new-1', 'i1', 'never-seen']);
  });

  it('keeps the request encoder equal to the row path through 2,000 random changes', () => {
    const catalog = createLiveCatalog(createItemCatalog(bundle, columns), columns);
    const encoder = createRequestEncoder(fitted, catalog.entries());
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
      encoder.update(catalog.apply(changes));
      const candidates = Array.from({ length: 40 }, (_, index) => {
        const itemId = pick();
        return { itemId, item: catalog.get(itemId), index };
      });
      const usable = candidates.filter((c) => c.item?.duration_seconds !== 'not a number');
      const view = { userId: 'u7', context: { device: 'tv' } };
      const byRows = encodeRows(
        fitted,
        usable.map((c, i) => rowFromRequest(fitted.layout, view, c, i)),
        { labels: false },
      );
      expect(encoder.encode(view, usable)).toEqual(byRows);
      const bad = candidates.find((c) => c.item?.duration_seconds === 'not a number');
      if (bad) expect(() => encoder.encode(view, [bad])).toThrow(/column "duration_seconds"/);
    }
    // Changed items are encoded when first ranked: once all have been, every usable one has its row.
    const encodable = [...catalog.entries()].filter(([, r]) => r.duration_seconds !== 'not a number');
    expect(encoder.preEncodedItems).toBeLessThan(encodable.length);
    encoder.encode(
      { userId: 'u7' },
      encodable.map(([itemId, item], index) => ({ itemId, item, index })),
    );
    expect(encoder.preEncodedItems).toBe(encodable.length);
  });
});

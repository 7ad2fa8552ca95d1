/**
 * The request encoder gives exactly what the row path (rowFromRequest + encodeRows) gives, for
 * every kind of candidate: catalog items, unknown items, candidates with their own features, bad
 * values (the same error), and layouts without tables, where everything takes the row path.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RawRecord } from '../../src/data/records.js';
import { encodeRows } from '../../src/features/encode.js';
import { type FittedFeatures, parseFittedFeatures } from '../../src/features/fitted.js';
import { createRequestEncoder, type IndexedCandidate } from '../../src/features/request-encoder.js';
import { type RequestView, rowFromRequest } from '../../src/features/rows.js';
import { Rng } from '../../src/util/random.js';
import { DEFAULT_MODEL_DIR } from '../helpers/serving.js';

const fitted = parseFittedFeatures(
  JSON.parse(readFileSync(join(DEFAULT_MODEL_DIR, 'features.json'), 'utf8')),
);
const lines = (file: string) =>
  readFileSync(join(DEFAULT_MODEL_DIR, file), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as RawRecord);
const items = new Map(lines('items.jsonl').map((record) => [String(record.item_id), record]));
const users = lines('users.jsonl');
const ids = [...items.keys()];

/** What the row path makes of the same request: the definition. */
function byRows(model: FittedFeatures, view: RequestView, candidates: IndexedCandidate[]) {
  return encodeRows(
    model,
    candidates.map((c, i) => rowFromRequest(model.layout, view, c, c.index ?? i)),
    { labels: false },
  );
}

function randomRequest(rng: Rng, size: number): { view: RequestView; candidates: IndexedCandidate[] } {
  const user = rng.uniform() < 0.8 ? users[rng.int(users.length)] : undefined;
  const pick = () => ids[rng.int(ids.length)]!;
  const context: Record<string, unknown> = {};
  if (rng.uniform() < 0.8) context.device = ['mobile', 'tv', 'desktop', 'fridge'][rng.int(4)]!;
  if (rng.uniform() < 0.7) context.current_item_id = pick();
  if (rng.uniform() < 0.7) context.recent_items = Array.from({ length: rng.int(30) }, pick);
  const candidates = Array.from({ length: size }, (_, index): IndexedCandidate => {
    const roll = rng.uniform();
    const itemId = roll < 0.1 ? `new-${rng.int(1000)}` : pick();
    const features: RawRecord | undefined =
      roll > 0.9
        ? { duration_seconds: rng.int(4000), ...(rng.uniform() < 0.5 ? { device: 'tv' } : {}) }
        : undefined;
    return { itemId, item: items.get(itemId), features, index: index * 2 };
  });
  return { view: { userId: `u${rng.int(3000)}`, user, context }, candidates };
}

describe('the request encoder', () => {
  const encoder = createRequestEncoder(fitted, items.entries());

  it('encodes the catalog once, every item of it', () => {
    expect(encoder.preEncodedItems).toBe(items.size);
  });

  it('equals the row path on 300 requests of catalog, unknown and overriding candidates', () => {
    const rng = new Rng(21, 'request-encoder');
    for (let r = 0; r < 300; r++) {
      const { view, candidates } = randomRequest(rng, 1 + rng.int(60));
      expect(encoder.encode(view, candidates)).toEqual(byRows(fitted, view, candidates));
    }
  });

  it('fails with the row path error, naming the candidate and column', () => {
    const rng = new Rng(22, 'request-encoder-errors');
    const { view, candidates } = randomRequest(rng, 12);
    const badCandidate = candidates.map((c, i) =>
      i === 5 ? { ...c, features: { duration_seconds: 'long' } } : c,
    );
    expect(() => encoder.encode(view, badCandidate)).toThrow(/^candidates\[10\]: column "duration_seconds"/);
    expect(() => encoder.encode(view, badCandidate)).toThrow(
      (() => {
        try {
          byRows(fitted, view, badCandidate);
        } catch (error) {
          return (error as Error).message;
        }
        return 'no error';
      })(),
    );
    const badContext = { ...view, context: { ...view.context, recent_items: { not: 'a list' } } };
    expect(() => encoder.encode(badContext, candidates)).toThrow(/^candidates\[0\]: column "recent_items"/);
  });

  it('sends an item whose catalog record has a bad value down the row path, which names it', () => {
    const broken = new Map(items);
    broken.set('i1', { ...items.get('i1')!, duration_seconds: 'n/a' });
    const withBroken = createRequestEncoder(fitted, broken.entries());
    expect(withBroken.preEncodedItems).toBe(items.size - 1);
    const view = { userId: 'u1', context: {} };
    const candidates = ['i0', 'i2', 'i1'].map((itemId) => ({ itemId, item: broken.get(itemId) }));
    expect(() => withBroken.encode(view, candidates)).toThrow(/^candidates\[2\]: column "duration_seconds"/);
    expect(withBroken.encode(view, candidates.slice(0, 2))).toEqual(
      byRows(fitted, view, candidates.slice(0, 2)),
    );
  });

  it('equals the row path without a catalog, and for a model without tables', () => {
    const bare = createRequestEncoder(fitted, null);
    const noTables: FittedFeatures = {
      ...fitted,
      layout: { ...fitted.layout, userTable: null, itemTable: null },
    };
    const tableless = createRequestEncoder(noTables, null);
    const rng = new Rng(23, 'request-encoder-bare');
    for (let r = 0; r < 50; r++) {
      const { view, candidates } = randomRequest(rng, 1 + rng.int(20));
      expect(bare.encode(view, candidates)).toEqual(byRows(fitted, view, candidates));
      expect(tableless.encode(view, candidates)).toEqual(byRows(noTables, view, candidates));
    }
    expect(bare.encode({ userId: 'u1' }, [])).toEqual(byRows(fitted, { userId: 'u1' }, []));
  });
});

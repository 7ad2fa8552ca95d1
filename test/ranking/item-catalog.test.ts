/** The item catalog: the item table keyed by id, cut to the columns the model reads. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type FittedFeatures, parseFittedFeatures } from '../../src/features/fitted.js';
import { createItemCatalog, itemColumns, loadItemCatalog } from '../../src/ranking/item-catalog.js';

const fitted = parseFittedFeatures(
  JSON.parse(readFileSync(new URL('../../models/default/features.json', import.meta.url), 'utf8')),
);
const dir = mkdtempSync(join(tmpdir(), 'multirank-catalog-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('item catalog', () => {
  it('lists the item key and the columns the model reads from the item table', () => {
    expect(itemColumns(fitted)).toEqual({
      key: 'item_id',
      columns: ['item_id', 'topic', 'duration_seconds', 'upload_time'],
    });
  });

  it('loads a JSONL table keyed by id, keeping only the columns the model reads', async () => {
    const path = write(
      'items.jsonl',
      [
        '{"item_id":"i1","topic":"t08","creator_id":"c1","duration_seconds":77,"upload_time":1700632291}',
        '{"item_id":"i2","topic":"t16","duration_seconds":1656}',
        '{"item_id":3,"topic":"t04","duration_seconds":300,"upload_time":1690000000}',
      ].join('\n'),
    );
    const catalog = await loadItemCatalog(path, fitted);
    expect(catalog.size).toBe(3);
    expect(catalog.get('i1')).toEqual({
      item_id: 'i1',
      topic: 't08',
      duration_seconds: 77,
      upload_time: 1700632291,
    });
    // An absent column stays absent (the encoder fills it), it is not invented.
    expect(catalog.get('i2')).toEqual({ item_id: 'i2', topic: 't16', duration_seconds: 1656 });
    // Ids are text, as in training's join: JSON 3 is found as "3".
    expect(catalog.has('3')).toBe(true);
    expect(catalog.get('nope')).toBeUndefined();
    expect(catalog.has('nope')).toBe(false);
  });

  it('loads a CSV table with values kept as read (strings, parsed later by the encoder)', async () => {
    const path = write('items.csv', 'item_id,topic,duration_seconds,upload_time\ni1,t08,77,1700632291\n');
    const catalog = await loadItemCatalog(path, fitted);
    expect(catalog.get('i1')).toEqual({
      item_id: 'i1',
      topic: 't08',
      duration_seconds: '77',
      upload_time: '1700632291',
    });
  });

  it('names the file, line and column of a repeated id', async () => {
    const path = write('dup.jsonl', '{"item_id":"i1"}\n{"item_id":"i1"}\n');
    await expect(loadItemCatalog(path, fitted)).rejects.toThrow(
      /dup\.jsonl:2: column "item_id": duplicate id "i1" \(first at line 1\)/,
    );
  });

  it('refuses a model that reads no item table', async () => {
    const noTable: FittedFeatures = { ...fitted, layout: { ...fitted.layout, itemTable: null } };
    await expect(loadItemCatalog(write('x.jsonl', ''), noTable)).rejects.toThrow(/reads no item table/);
  });

  it('wraps a table already in memory, whole or cut to columns', () => {
    const table = new Map([['i1', { item_id: 'i1', topic: 't08', extra: 1 }]]);
    expect(createItemCatalog(table).get('i1')).toEqual({ item_id: 'i1', topic: 't08', extra: 1 });
    expect(createItemCatalog(table, ['item_id', 'topic']).get('i1')).toEqual({ item_id: 'i1', topic: 't08' });
  });
});

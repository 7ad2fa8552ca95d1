import { describe, expect, it } from 'vitest';
import { idOf, loadTable } from '../../src/data/tables.js';
import { FIXTURES, tempFiles } from './helpers.js';

const files = tempFiles();

describe('loadTable', () => {
  it('keys records by id, the same from JSONL and CSV', async () => {
    const jsonl = await loadTable(`${FIXTURES}items.jsonl`, 'item_id');
    const csv = await loadTable(`${FIXTURES}items.csv`, 'item_id');
    expect([...jsonl.keys()]).toEqual(['v1', 'v2', 'v3', 'v4', 'v5']);
    expect([...csv.keys()]).toEqual([...jsonl.keys()]);
    expect(jsonl.get('v5')).toMatchObject({ topic: 'gaming, live', duration_seconds: null });
    expect(csv.get('v5')).toMatchObject({ topic: 'gaming, live', duration_seconds: '' });
  });

  it('turns numeric JSON ids into text keys, so they join with CSV ids', async () => {
    const table = await loadTable(files.write('num.jsonl', '{"id":7,"x":1}\n{"id":"8","x":2}\n'), 'id');
    expect([...table.keys()]).toEqual(['7', '8']);
    expect(idOf(7)).toBe('7');
    expect(idOf('')).toBeUndefined();
    expect(idOf(null)).toBeUndefined();
  });

  it('names both lines of a duplicate id', async () => {
    const path = files.write('dup.csv', 'user_id,region\nu1,eu\nu2,na\nu1,asia\n');
    await expect(loadTable(path, 'user_id')).rejects.toThrow(
      `${path}:4: column "user_id": duplicate id "u1" (first at line 2)`,
    );
  });

  it('names a row without an id', async () => {
    const path = files.write('noid.jsonl', '{"user_id":"u1"}\n{"region":"eu"}\n');
    await expect(loadTable(path, 'user_id')).rejects.toThrow(
      `${path}:2: column "user_id": missing id (every table row needs its key)`,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/data/errors.js';
import { formatOf, readRows } from '../../src/data/read-rows.js';
import { collect, FIXTURES, records, tempFiles } from './helpers.js';

const files = tempFiles();

describe('readRows: JSONL', () => {
  it('streams objects with 1-based line numbers, skipping blank lines and a BOM', async () => {
    const path = files.write('a.jsonl', '\uFEFF{"a":1,"b":[1,2]}\n\n  \n{"a":null}\r\n{"a":"x"}');
    const rows = await collect(readRows(path));
    expect(rows.map((r) => r.line)).toEqual([1, 4, 5]);
    expect(records(rows)).toEqual([{ a: 1, b: [1, 2] }, { a: null }, { a: 'x' }]);
    expect(rows[0]?.file).toBe(path);
  });

  it('names file, line and column of malformed JSON', async () => {
    const path = files.write('bad.jsonl', '{"a":1}\n{"a":2}\n{"a": 3,, "b": 4}\n');
    const error = await collect(readRows(path)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toMatch(new RegExp(`^${path}:3:9: malformed JSON`));
    expect((error as DataError).origin).toEqual({ file: path, line: 3 });
  });

  it('rejects a line that is valid JSON but not an object', async () => {
    const path = files.write('array.jsonl', '{"a":1}\n[1,2]\n');
    await expect(collect(readRows(path))).rejects.toThrow(
      `${path}:2:1: expected a JSON object, got an array`,
    );
  });
});

describe('readRows: CSV', () => {
  it('handles quotes, embedded commas, quotes and newlines, and reports the line a row starts on', async () => {
    const text = 'id,title,tags\n1,"Hello, world","a|b"\n2,"She said ""hi""\nand left",\n\n3,plain,c\n';
    const rows = await collect(readRows(files.write('q.csv', text)));
    expect(records(rows)).toEqual([
      { id: '1', title: 'Hello, world', tags: 'a|b' },
      { id: '2', title: 'She said "hi"\nand left', tags: '' },
      { id: '3', title: 'plain', tags: 'c' },
    ]);
    expect(rows.map((r) => r.line)).toEqual([2, 3, 6]);
  });

  it('names the line of a row with the wrong column count', async () => {
    const path = files.write('count.csv', 'a,b,c\n1,2,3\n4,5\n');
    await expect(collect(readRows(path))).rejects.toThrow(
      `${path}:3: expected 3 columns as in the header, got 2`,
    );
  });

  it('names the line of broken quoting', async () => {
    const path = files.write('quote.csv', 'a,b\n1,2\n3,"x"y\n');
    await expect(collect(readRows(path))).rejects.toThrow(new RegExp(`^${path}:3: invalid CSV`));
  });

  it('rejects a header with a repeated or empty name', async () => {
    const twice = files.write('twice.csv', 'a,b,a\n1,2,3\n');
    await expect(collect(readRows(twice))).rejects.toThrow(
      `${twice}:1: column "a": appears twice in the header`,
    );
    const empty = files.write('empty.csv', 'a,,c\n1,2,3\n');
    await expect(collect(readRows(empty))).rejects.toThrow(`${empty}:1: header column 2 has no name`);
  });

  it('reads the fixture log in both formats to the same rows, modulo CSV text', async () => {
    const jsonl = await collect(readRows(`${FIXTURES}interactions.jsonl`));
    const csv = await collect(readRows(`${FIXTURES}interactions.csv`));
    expect(csv).toHaveLength(jsonl.length);
    expect(csv[0]?.record).toMatchObject({ item_id: 'v1', recent_items: 'v3|v2', rating: '5' });
    expect(jsonl[0]?.record).toMatchObject({ item_id: 'v1', recent_items: ['v3', 'v2'], rating: 5 });
  });
});

describe('format and files', () => {
  it('picks the format from the extension, or the explicit choice', () => {
    expect(formatOf('x/log.JSONL')).toBe('jsonl');
    expect(formatOf('log.ndjson')).toBe('jsonl');
    expect(formatOf('log.csv')).toBe('csv');
    expect(formatOf('log.txt', 'csv')).toBe('csv');
    expect(() => formatOf('log.txt')).toThrow('log.txt: cannot tell the format from the extension');
  });

  it('reads an explicitly formatted file whatever its extension', async () => {
    const path = files.write('table.txt', 'a,b\n1,2\n');
    expect(records(await collect(readRows(path, { format: 'csv' })))).toEqual([{ a: '1', b: '2' }]);
  });

  it('names a missing file', async () => {
    await expect(collect(readRows(`${files.dir}/nope.jsonl`))).rejects.toThrow(
      /nope\.jsonl: cannot read: ENOENT/,
    );
    await expect(collect(readRows(`${files.dir}/nope.csv`))).rejects.toThrow(
      /nope\.csv: cannot read: ENOENT/,
    );
  });
});

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import {
  csvEncoder,
  csvField,
  jsonEncoder,
  jsonString,
  openTableWriter,
} from '../../src/data/table-writer.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function tempFile(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'multirank-writer-'));
  dirs.push(dir);
  return join(dir, name);
}

describe('CSV encoding', () => {
  it('quotes only fields that need it (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('writes null as an empty field and lists joined by "|"', () => {
    const encode = csvEncoder();
    const history = ['i1', 'i2'];
    expect(encode(['r1', 3, null, history, [], 0.25])).toBe('r1,3,,i1|i2,,0.25');
    expect(encode(['r2', history, ['a,b']])).toBe('r2,i1|i2,"a,b"');
  });
});

describe('JSON encoding', () => {
  it('matches JSON.stringify for plain and awkward strings', () => {
    for (const s of [
      'i42',
      '',
      'quote " here',
      'back\\slash',
      'tab\t',
      'caf\u00e9',
      '\ud83d\ude00',
      '\ud800',
    ]) {
      expect(jsonString(s)).toBe(JSON.stringify(s));
    }
  });

  it('encodes a row as an object with the keys in order', () => {
    const encode = jsonEncoder(['a', 'b', 'c', 'd']);
    const line = encode(['x', 1.5, null, ['i1']]);
    expect(line).toBe('{"a":"x","b":1.5,"c":null,"d":["i1"]}');
    expect(JSON.parse(encode(['x', Number.NaN, 2, []]))).toEqual({ a: 'x', b: null, c: 2, d: [] });
    expect(encode(['y', 0, 0, ['i2', 'i1']])).toBe('{"a":"y","b":0,"c":0,"d":["i2","i1"]}');
  });
});

describe('openTableWriter', () => {
  it('streams many rows to CSV that parse back exactly', async () => {
    const path = await tempFile('t.csv');
    const writer = openTableWriter(path, 'csv', ['id', 'text', 'n']);
    const n = 50_000;
    for (let i = 0; i < n; i++) {
      if (!writer.write([`r${i}`, i % 7 === 0 ? 'has, comma and "quote"' : 'plain', i])) await writer.drain();
    }
    await writer.close();
    expect(writer.rows).toBe(n);
    const records = parse(await readFile(path, 'utf8')) as string[][];
    expect(records[0]).toEqual(['id', 'text', 'n']);
    expect(records).toHaveLength(n + 1);
    expect(records[8]).toEqual(['r7', 'has, comma and "quote"', '7']);
    expect(records[n]).toEqual([`r${n - 1}`, 'plain', String(n - 1)]);
  });

  it('writes JSONL with one object per line and no header', async () => {
    const path = await tempFile('t.jsonl');
    const writer = openTableWriter(path, 'jsonl', ['id', 'rating']);
    writer.write(['a', null]);
    writer.write(['b', 4]);
    await writer.close();
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { id: 'a', rating: null },
      { id: 'b', rating: 4 },
    ]);
  });

  it('reports a failing file on close', async () => {
    const writer = openTableWriter('/nonexistent-dir/x.csv', 'csv', ['a']);
    writer.write(['1']);
    await expect(writer.close()).rejects.toThrow(/ENOENT/);
  });
});

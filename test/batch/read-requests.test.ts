/** Reading score inputs: one entry per request line, bad lines failing alone with the field named. */
import { describe, expect, it } from 'vitest';
import { countLines, readRequests } from '../../src/batch/read-requests.js';
import { collect, tempFiles } from '../data/helpers.js';

const files = tempFiles();

describe('readRequests: JSONL', () => {
  const text = [
    '{"userId":"u1","context":{"device":"tv"},"candidates":["i1",{"itemId":"i2","features":{"topic":"t1"}}],"limit":3}',
    '{"userId":"u2","candidates":[{"itemId":"i3"}]}',
    '{"userId": 1,,}',
    '',
    '{"candidates":["i1"]}',
    '{"userId":"u5","candidates":[]}',
    '{"userId":"u6","context":[1],"candidates":["i1"]}',
    '{"userId":"u7","candidates":["i1",{"features":{}}]}',
    '[1]',
  ].join('\n');

  it('parses requests (ids or objects as candidates, other fields ignored) and fails bad lines alone', async () => {
    const entries = await collect(readRequests(files.write('in.jsonl', text), 'jsonl'));
    expect(entries[0]).toEqual({
      line: 1,
      request: {
        userId: 'u1',
        context: { device: 'tv' },
        candidates: [{ itemId: 'i1' }, { itemId: 'i2', features: { topic: 't1' } }],
      },
    });
    expect(entries[1]).toEqual({ line: 2, request: { userId: 'u2', candidates: [{ itemId: 'i3' }] } });
    expect(entries.slice(2)).toEqual([
      { line: 3, error: expect.stringMatching(/^malformed JSON: /) },
      { line: 5, error: 'userId: expected a non-empty string, got nothing' },
      {
        line: 6,
        userId: 'u5',
        error: 'candidates: expected a non-empty list of item ids or {itemId, features}, got an empty list',
      },
      { line: 7, userId: 'u6', error: 'context: expected an object of feature values, got a list' },
      { line: 8, userId: 'u7', error: 'candidates[1].itemId: expected a non-empty string, got nothing' },
      { line: 9, error: 'request: expected a JSON object, got a list' },
    ]);
  });

  it('skips the lines up to `after` (resuming)', async () => {
    const entries = await collect(readRequests(files.write('skip.jsonl', text), 'jsonl', 5));
    expect(entries.map((e) => e.line)).toEqual([6, 7, 8, 9]);
  });
});

describe('readRequests: CSV', () => {
  it('reads userId, "|"-joined candidates and every other column as context (empty cells left out)', async () => {
    const text =
      'userId,candidates,device,recent_items\nu1,i1|i2,tv,i7|i8\nu2,i3,,\nu3,,tv,\n"u,4",i1|,tv,\nu5,i1\n';
    const entries = await collect(readRequests(files.write('in.csv', text), 'csv'));
    expect(entries).toEqual([
      {
        line: 2,
        request: {
          userId: 'u1',
          context: { device: 'tv', recent_items: 'i7|i8' },
          candidates: [{ itemId: 'i1' }, { itemId: 'i2' }],
        },
      },
      { line: 3, request: { userId: 'u2', candidates: [{ itemId: 'i3' }] } },
      { line: 4, userId: 'u3', error: 'candidates: expected item ids joined by "|", got an empty cell' },
      { line: 5, userId: 'u,4', error: 'candidates[1]: expected a non-empty item id' },
      { line: 6, userId: 'u5', error: 'expected 4 columns as in the header, got 2' },
    ]);
  });

  it('stops on a header without userId or candidates, naming the file and column', async () => {
    const path = files.write('bad.csv', 'user,candidates\nu1,i1\n');
    await expect(collect(readRequests(path, 'csv'))).rejects.toThrow(
      `${path}:1: column "userId": missing from the header`,
    );
  });
});

describe('countLines', () => {
  it('counts newline-terminated lines and an unterminated last one', async () => {
    expect(await countLines(files.write('a.txt', 'a\nb\n'))).toBe(2);
    expect(await countLines(files.write('b.txt', 'a\nb'))).toBe(2);
    expect(await countLines(files.write('c.txt', ''))).toBe(0);
  });
});

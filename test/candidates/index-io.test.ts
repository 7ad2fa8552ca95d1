/** Writing and reading the candidate index: identical round trip, atomic replace, damaged files refused. */
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { describeArrays, readCandidateIndex, writeCandidateIndex } from '../../src/candidates/index-io.js';
import { CANDIDATE_INDEX_FORMAT, type CandidateIndex } from '../../src/candidates/types.js';

const root = mkdtempSync(join(tmpdir(), 'multirank-candidates-io-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const i32 = (...values: number[]) => Int32Array.from(values);
const f32 = (...values: number[]) => Float32Array.from(values);

/** A three-item index with every kind of list, written by hand. */
function smallIndex(): CandidateIndex {
  const itemIds = ['v1', 'v2', 'v3'];
  const index: CandidateIndex = {
    format: CANDIDATE_INDEX_FORMAT,
    itemIds,
    indexOf: new Map(itemIds.map((id, i) => [id, i])),
    cowatch: { offsets: i32(0, 2, 3, 3), targets: i32(1, 2, 0), scores: f32(0.5, 0.25, 1) },
    similar: { offsets: i32(0, 1, 2, 3), targets: i32(1, 0, 0), scores: f32(0.9, 0.9, 0.1) },
    topicOf: i32(0, 0, -1),
    topics: { offsets: i32(0, 2), targets: i32(1, 0), scores: f32(0.3, 0.2) },
    topicNames: ['music'],
    creatorOf: i32(1, 0, 0),
    creators: { offsets: i32(0, 2, 3), targets: i32(2, 1, 0), scores: f32(0.4, 0.1, 0.2) },
    creatorNames: ['c 1', 'c:2'],
    popular: new Map([
      ['all', { items: i32(2, 0), scores: f32(3, 1) }],
      ['device:tv', { items: i32(0), scores: f32(1) }],
    ]),
    trending: new Map([['all', { items: i32(2), scores: f32(0.5) }]]),
    fresh: { items: i32(1, 2, 0), scores: f32(19700.5, 19690, 19600) },
    meta: {
      format: CANDIDATE_INDEX_FORMAT,
      createdAt: '2024-01-01T00:00:00.000Z',
      log: 'log.jsonl',
      items: null,
      impressions: 10,
      clicks: 4,
      firstTimestamp: 1_700_000_000,
      lastTimestamp: 1_700_086_400,
      halfLifeDays: { popular: 14, trending: 1, cowatch: 14 },
      neighboursPerItem: 100,
      listLength: 500,
      embeddings: { method: 'bpr', dim: 32, epochs: 10 },
      arrays: {},
    },
  };
  index.meta.arrays = describeArrays(index);
  return index;
}

let dir = '';
let case_ = 0;
beforeEach(async () => {
  dir = join(root, `index-${case_++}`);
  await writeCandidateIndex(dir, smallIndex());
});

describe('candidate index io', () => {
  it('reads back exactly what was written, indexOf rebuilt', async () => {
    const loaded = await readCandidateIndex(dir);
    expect(loaded).toEqual(smallIndex());
    expect(loaded.indexOf.get('v3')).toBe(2);
    expect(loaded.popular.get('device:tv')?.items).toEqual(i32(0));
  });

  it('lays out index.json, text files and one little-endian file per array', () => {
    const files = readdirSync(dir);
    expect(files).toEqual(expect.arrayContaining(['index.json', 'items.txt', 'topics.txt', 'creators.txt']));
    expect(files).toContain('popular.device~3atv.items.i32');
    expect(readFileSync(join(dir, 'items.txt'), 'utf8')).toBe('v1\nv2\nv3\n');
    const targets = readFileSync(join(dir, 'cowatch.targets.i32'));
    expect([targets.readInt32LE(0), targets.readInt32LE(4), targets.readInt32LE(8)]).toEqual([1, 2, 0]);
    const meta = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
    expect(meta.arrays['cowatch.scores']).toEqual({ type: 'float32', length: 3 });
  });

  it('replaces an existing index whole, leaving no temp folder behind', async () => {
    const changed = smallIndex();
    changed.itemIds[0] = 'renamed';
    await writeCandidateIndex(dir, changed);
    expect((await readCandidateIndex(dir)).itemIds[0]).toBe('renamed');
    expect(readdirSync(root).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });

  it('refuses a short array file, naming it and the expected size', async () => {
    truncateSync(join(dir, 'cowatch.targets.i32'), 8);
    await expect(readCandidateIndex(dir)).rejects.toThrow(
      /cowatch\.targets\.i32: expected 3 int32 values \(12 bytes\), found 8 bytes/,
    );
  });

  it('refuses a missing array file, naming it', async () => {
    rmSync(join(dir, 'fresh.scores.f32'));
    await expect(readCandidateIndex(dir)).rejects.toThrow(/fresh\.scores\.f32: cannot read/);
  });

  it('refuses item indices out of range (a corrupted file of the right size)', async () => {
    const targets = readFileSync(join(dir, 'similar.targets.i32'));
    targets.writeInt32LE(7, 4);
    writeFileSync(join(dir, 'similar.targets.i32'), targets);
    await expect(readCandidateIndex(dir)).rejects.toThrow(/similar\.targets\.i32: values out of range/);
  });

  it('refuses offsets that do not match the targets', async () => {
    const offsets = readFileSync(join(dir, 'cowatch.offsets.i32'));
    offsets.writeInt32LE(2, 12);
    writeFileSync(join(dir, 'cowatch.offsets.i32'), offsets);
    await expect(readCandidateIndex(dir)).rejects.toThrow(/cowatch\.offsets\.i32: not 4 increasing offsets/);
  });

  it('refuses a wrong format tag or a missing index', async () => {
    const meta = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
    writeFileSync(join(dir, 'index.json'), JSON.stringify({ ...meta, format: 'multirank.candidates/0' }));
    await expect(readCandidateIndex(dir)).rejects.toThrow(
      /index\.json: format is "multirank\.candidates\/0", expected multirank\.candidates\/1/,
    );
    await expect(readCandidateIndex(join(root, 'nowhere'))).rejects.toThrow(
      /nowhere: index\.json: cannot read/,
    );
  });

  it('refuses to write a name containing a line break', async () => {
    const bad = smallIndex();
    bad.topicNames[0] = 'two\nlines';
    await expect(writeCandidateIndex(join(root, 'bad'), bad)).rejects.toThrow(
      /topics\.txt: name .* line break/,
    );
    expect(existsSync(join(root, 'bad'))).toBe(false);
  });
});

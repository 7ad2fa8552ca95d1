/** The serving tables a bundle carries: cut to the model's columns on save, read back by serving. */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/tfjs-backend.js';
import { parseFittedFeatures } from '../../src/features/fitted.js';
import { tableColumns, writeServingTables } from '../../src/model/serving-tables.js';
import { loadServedModel } from '../../src/ranking/served-model.js';
import { DEFAULT_MODEL_DIR } from '../helpers/serving.js';

const fitted = parseFittedFeatures(
  JSON.parse(readFileSync(join(DEFAULT_MODEL_DIR, 'features.json'), 'utf8')),
);
let dir = '';
beforeAll(async () => {
  await selectBackend('wasm');
  dir = mkdtempSync(join(tmpdir(), 'multirank-serving-tables-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

describe('serving tables', () => {
  it('names the key and the feature columns of each side', () => {
    expect(tableColumns(fitted, 'item')).toEqual({
      key: 'item_id',
      columns: ['item_id', 'topic', 'duration_seconds', 'upload_time'],
    });
    expect(tableColumns(fitted, 'user')).toEqual({
      key: 'user_id',
      columns: ['user_id', 'region', 'age_bucket', 'primary_device'],
    });
  });

  it('writes each table cut to the columns the model reads', async () => {
    const out = join(dir, 'tables');
    cpSync(DEFAULT_MODEL_DIR, out, { recursive: true });
    const items = new Map([
      ['a', { item_id: 'a', topic: 't1', duration_seconds: 60, upload_time: 1, secret: 'x' }],
      ['b', { item_id: 'b', topic: 't2' }],
    ]);
    const users = new Map([['u', { user_id: 'u', region: 'eu', email: 'someone@example.com' }]]);
    await writeServingTables(out, fitted, { items, users });
    expect(lines(join(out, 'items.jsonl'))).toEqual([
      { item_id: 'a', topic: 't1', duration_seconds: 60, upload_time: 1 },
      { item_id: 'b', topic: 't2' },
    ]);
    expect(lines(join(out, 'users.jsonl'))).toEqual([{ user_id: 'u', region: 'eu' }]);
  });

  it('serving reads the shipped tables: a catalog of 1,000 items and 20,000 users', async () => {
    const model = await loadServedModel(DEFAULT_MODEL_DIR);
    try {
      expect(model.catalog?.size).toBe(1000);
      expect(model.users?.size).toBe(20_000);
      expect(model.candidates?.itemIds.length).toBe(1000);
      expect(model.warnings).toEqual([]);
      expect((await model.users!.get(['u0'])).get('u0')).toEqual({
        user_id: 'u0',
        region: 'na',
        age_bucket: '45-54',
        primary_device: 'mobile',
      });
    } finally {
      model.dispose();
    }
  });

  it('a bundle without items.jsonl ranks every candidate as unknown, and says so', async () => {
    const bare = join(dir, 'bare');
    cpSync(DEFAULT_MODEL_DIR, bare, { recursive: true });
    rmSync(join(bare, 'items.jsonl'));
    rmSync(join(bare, 'users.jsonl'));
    rmSync(join(bare, 'candidates'), { recursive: true });
    const model = await loadServedModel(bare);
    try {
      expect(model.warnings).toHaveLength(3);
      expect(model.warnings[0]).toMatch(/no items.jsonl: every candidate is unknown/);
      const result = await model.ranker.rank(
        { userId: 'u0', candidates: [{ itemId: 'i1' }] },
        { form: 'sum', weights: { click: 1 } },
      );
      expect(result.items[0]?.unknown).toBe(true);
    } finally {
      model.dispose();
    }
  });
});

/**
 * A bundle copied to another folder, away from the data it was trained on, evaluates with
 * `--model` and `--data` alone: its training-config.json names no path outside the bundle, and a
 * bundle written before that (absolute table paths) falls back to its own tables.
 */
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/tfjs-backend.js';
import { train } from '../../src/training/trainer.js';
import { makeWorld, worldConfig } from '../evaluation/evaluate-fixture.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';

let dir: string;
let elsewhere: string;
beforeAll(async () => {
  await selectBackend('wasm');
  dir = mkdtempSync(join(tmpdir(), 'multirank-portable-'));
  elsewhere = mkdtempSync(join(tmpdir(), 'multirank-portable-copy-'));
  await makeWorld(dir, 200);
  await train(worldConfig(dir, { epochs: 1 }), { outDir: join(dir, 'model') });
  // The copy, and the log, go elsewhere; the training tables disappear from where they were.
  cpSync(join(dir, 'model'), join(elsewhere, 'model'), { recursive: true });
  cpSync(join(dir, 'interactions.jsonl'), join(elsewhere, 'log.jsonl'));
  for (const table of ['items.jsonl', 'users.jsonl'])
    renameSync(join(dir, table), join(dir, `${table}.gone`));
}, 180_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(elsewhere, { recursive: true, force: true });
});

const evaluate = (model: string) =>
  runCliInProcess(['evaluate', '--no-progress', '--model', model, '--data', join(elsewhere, 'log.jsonl')]);

describe('a copied bundle', () => {
  it('names no path outside itself', () => {
    const text = readFileSync(join(elsewhere, 'model', 'training-config.json'), 'utf8');
    expect(text).not.toContain(dir);
    const data = JSON.parse(text).data;
    expect(data.items.path).toBe('items.jsonl');
    expect(data.users.path).toBe('users.jsonl');
    expect(data.log).toEqual({ name: 'interactions.jsonl', format: null });
  });

  it('evaluates with --model and --data alone', async () => {
    const { error, stdout, stderr } = await evaluate(join(elsewhere, 'model'));
    expect(error, stderr).toBeUndefined();
    expect(stdout).toMatch(/NDCG@10 of 1·click over 200 requests/);
  });

  it('an older bundle with absolute table paths that are gone uses its own tables', async () => {
    const legacy = join(elsewhere, 'legacy');
    cpSync(join(elsewhere, 'model'), legacy, { recursive: true });
    const file = join(legacy, 'training-config.json');
    const config = JSON.parse(readFileSync(file, 'utf8'));
    config.data.items.path = join(dir, 'items.jsonl');
    config.data.users.path = join(dir, 'users.jsonl');
    writeFileSync(file, JSON.stringify(config));
    // Re-sealing is not needed to show the fallback: the manifest check comes first, so re-seal.
    const { setBundleOnnx } = await import('../../src/model/bundle-onnx.js');
    await setBundleOnnx(legacy, new Uint8Array(readFileSync(join(legacy, 'model.onnx'))));
    const { error, stderr } = await evaluate(legacy);
    expect(error, stderr).toBeUndefined();
  });
});

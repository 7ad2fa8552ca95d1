/**
 * Bringing a network trained elsewhere: the committed PyTorch fixture (test/fixtures/byo-pytorch,
 * made by scripts/byo-pytorch/make_fixture.py; CI needs no Python) goes into a folder holding the
 * shipped model's features.json and tables with `multirank export --onnx`, and is then served:
 * its answers equal PyTorch's, and POST /v1/rank ranks with it.
 */
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '../../src/engine/open-engine.js';
import { selectBackend } from '../../src/engine/tfjs-backend.js';
import type { EncodedBatch, EncodedFeature } from '../../src/features/encode.js';
import { describeInputs } from '../../src/features/fitted.js';
import { loadBundle } from '../../src/model/bundle.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { DEFAULT_MODEL_DIR, servingApp } from '../helpers/serving.js';

const FIXTURE = new URL('../fixtures/byo-pytorch/', import.meta.url).pathname;
interface Expected {
  rows: number;
  inputs: Record<string, { data: number[]; shape: [number, number] }>;
  outputs: Record<string, number[]>;
}
const expected = JSON.parse(readFileSync(join(FIXTURE, 'expected.json'), 'utf8')) as Expected;

let scratch = '';
beforeAll(async () => {
  await selectBackend('wasm');
  scratch = mkdtempSync(join(tmpdir(), 'multirank-byo-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A folder as a team bringing its own network would lay it out: the features and tables, no model. */
function broughtFolder(
  name: string,
  features = readFileSync(join(DEFAULT_MODEL_DIR, 'features.json'), 'utf8'),
) {
  const dir = join(scratch, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'features.json'), features);
  for (const file of ['items.jsonl', 'users.jsonl'])
    copyFileSync(join(DEFAULT_MODEL_DIR, file), join(dir, file));
  cpSync(join(DEFAULT_MODEL_DIR, 'candidates'), join(dir, 'candidates'), { recursive: true });
  return dir;
}

/** The fixture's rows as the encoder would hand them over (the contract's inputs, read back). */
function fixtureBatch(fitted: Awaited<ReturnType<typeof loadBundle>>['fitted']): EncodedBatch {
  const n = expected.rows;
  const input = (name: string) => expected.inputs[`in_${name}`]!.data;
  const features = describeInputs(fitted).map((spec): EncodedFeature => {
    if (spec.kind === 'index')
      return { name: spec.name, kind: 'index', indices: Int32Array.from(input(spec.name)) };
    if (spec.kind === 'bag')
      return {
        name: spec.name,
        kind: 'bag',
        indices: Int32Array.from(input(spec.name)),
        maxLength: spec.maxLength,
      };
    const values = input(spec.name);
    if (!spec.indicator)
      return { name: spec.name, kind: 'numeric', values: Float32Array.from(values), missing: null };
    return {
      name: spec.name,
      kind: 'numeric',
      values: Float32Array.from({ length: n }, (_, r) => values[2 * r]!),
      missing: Float32Array.from({ length: n }, (_, r) => values[2 * r + 1]!),
    };
  });
  const none = new Int32Array(n);
  return {
    size: n,
    rows: Int32Array.from({ length: n }, (_, r) => r),
    features,
    labels: null,
    position: none,
    device: none,
  };
}

describe('a network brought from PyTorch', () => {
  it('goes into a bundle with export --onnx, and answers as PyTorch does (by input name)', async () => {
    const dir = broughtFolder('pytorch');
    const cli = await runCliInProcess(['export', '--model', dir, '--onnx', join(FIXTURE, 'model.onnx')]);
    expect(cli.error, cli.stderr).toBeUndefined();
    expect(cli.stdout).toMatch(/pytorch\/model\.onnx: [\d.]+ KiB; content hash sha256:/);

    const bundle = await loadBundle(dir);
    expect(bundle.model).toBeNull();
    expect(bundle.manifest.heads.map((h) => h.name)).toEqual(['click', 'watch', 'like', 'dismiss', 'rating']);
    const { engine } = await openEngine(bundle, { engine: 'auto', onnxThreads: 1 });
    try {
      expect(engine.name).toBe('onnx');
      const outputs = await engine.run(fixtureBatch(bundle.fitted));
      bundle.fitted.tasks.forEach((task, k) => {
        const want = expected.outputs[`head_${task.name}`]!;
        const worst = Math.max(...Array.from(outputs[k]!, (value, r) => Math.abs(value - want[r]!)));
        expect(worst, task.name).toBeLessThan(1e-5);
      });
    } finally {
      await engine.dispose();
    }
  });

  it('is served by POST /v1/rank, heads in label units', async () => {
    const dir = broughtFolder('served');
    expect(
      (await runCliInProcess(['export', '--model', dir, '--onnx', join(FIXTURE, 'model.onnx')])).error,
    ).toBeUndefined();
    const { app } = await servingApp({ MULTIRANK_MODEL: dir });
    const ready = (await app.inject({ method: 'GET', url: '/readyz' })).json();
    expect(ready.engine).toBe('onnx');
    const res = await app.inject({
      method: 'POST',
      url: '/v1/rank',
      payload: {
        userId: 'u1',
        context: { device: 'tv' },
        candidates: [{ itemId: 'i1' }, { itemId: 'i2' }, { itemId: 'i3' }],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const { model, items } = res.json();
    expect(model).toBe('served');
    expect(items).toHaveLength(3);
    for (const item of items) {
      expect(item.heads.click).toBeGreaterThan(0);
      expect(item.heads.click).toBeLessThan(1);
      // The network outputs log(1 + seconds) for watch; the answer is in seconds.
      expect(item.heads.watch).toBeGreaterThan(Math.expm1(1));
    }
  });

  it('is refused when it does not follow the features, naming the input; the folder is left as it was', async () => {
    const features = JSON.parse(readFileSync(join(DEFAULT_MODEL_DIR, 'features.json'), 'utf8'));
    const bag = features.features.find((f: { spec: { name: string } }) => f.spec.name === 'recent_items');
    bag.spec.maxLength = 10;
    const dir = broughtFolder('mismatch', JSON.stringify(features));
    const cli = await runCliInProcess(['export', '--model', dir, '--onnx', join(FIXTURE, 'model.onnx')]);
    expect(cli.error?.exitCode).toBe(1);
    expect(cli.stderr).toMatch(
      /model\.onnx does not follow the bundle's features: input in_recent_items has shape \[rows, 20\], expected \[rows, 10\]/,
    );
    expect(existsSync(join(dir, 'model.onnx'))).toBe(false);
    expect(existsSync(join(dir, 'manifest.json'))).toBe(false);
  });
});

/**
 * The served model on each engine: ONNX by default, TF.js when asked or when ONNX cannot run
 * (with the reason), the same rankings from both, and a bundle whose ONNX graph disagrees with
 * its TF.js model refused at load, naming the head.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportOnnx } from '../../src/engine/onnx/export.js';
import { openEngine } from '../../src/engine/open-engine.js';
import { selectBackend } from '../../src/engine/tfjs-backend.js';
import { loadBundle } from '../../src/model/bundle.js';
import { setBundleOnnx } from '../../src/model/bundle-onnx.js';
import { loadServedModel, type ServedModel } from '../../src/ranking/served-model.js';
import type { RankInput } from '../../src/ranking/types.js';
import { Rng } from '../../src/util/random.js';
import { DEFAULT_MODEL_DIR } from '../helpers/serving.js';

const PROFILE = { form: 'sum' as const, weights: { click: 1, like: 0.5, dismiss: -1, watch: 0.1 } };
let scratch = '';
let onnx: ServedModel;
let tfjs: ServedModel;

beforeAll(async () => {
  await selectBackend('wasm');
  scratch = mkdtempSync(join(tmpdir(), 'multirank-engines-'));
  onnx = await loadServedModel(DEFAULT_MODEL_DIR);
  tfjs = await loadServedModel(DEFAULT_MODEL_DIR, { engine: 'tfjs', onnxThreads: 1 });
});
afterAll(() => {
  onnx?.dispose();
  tfjs?.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

/** A copy of the shipped bundle whose model.onnx is `bytes` (null: none), re-sealed. */
async function bundleWithOnnx(name: string, bytes: Uint8Array | null): Promise<string> {
  const dir = join(scratch, name);
  cpSync(DEFAULT_MODEL_DIR, dir, { recursive: true });
  await setBundleOnnx(dir, bytes);
  return dir;
}

describe('the served model', () => {
  it('runs on ONNX Runtime by default (auto) and names it', () => {
    expect(onnx.engine).toBe('onnx');
    expect(onnx.ranker.engine).toBe('onnx');
    expect(onnx.warnings.join()).not.toMatch(/engine/);
    expect(tfjs.engine).toBe('tfjs');
  });

  it('ranks 200 requests in the same order on both engines, scores within 1e-5', async () => {
    const ids = onnx.candidates?.itemIds ?? [];
    expect(ids.length).toBeGreaterThan(100);
    const rng = new Rng(3, 'engine-rankings');
    let worst = 0;
    for (let i = 0; i < 200; i++) {
      const request: RankInput = {
        userId: `u${rng.int(2000)}`,
        context: {
          device: ['mobile', 'tv', 'desktop'][rng.int(3)],
          recent_items: [ids[rng.int(ids.length)]!],
        },
        candidates: Array.from(rng.permutation(ids.length).slice(0, 50), (r) => ({ itemId: ids[r]! })),
      };
      const a = await onnx.ranker.rank(request, PROFILE, { limit: 50 });
      const b = await tfjs.ranker.rank(request, PROFILE, { limit: 50 });
      expect(a.items.map((item) => item.itemId)).toEqual(b.items.map((item) => item.itemId));
      a.items.forEach((item, k) => {
        worst = Math.max(worst, Math.abs(item.score - b.items[k]!.score));
      });
    }
    expect(worst).toBeLessThan(1e-5);
  });

  it('falls back to TF.js under auto when the bundle has no ONNX graph, and says why', async () => {
    const dir = await bundleWithOnnx('no-onnx', null);
    const model = await loadServedModel(dir);
    try {
      expect(model.engine).toBe('tfjs');
      expect(model.warnings).toContain(
        'engine tfjs: the bundle has no model.onnx (add it: multirank export)',
      );
    } finally {
      model.dispose();
    }
    await expect(loadServedModel(dir, { engine: 'onnx', onnxThreads: 1 })).rejects.toThrow(
      /MULTIRANK_ENGINE=onnx: the bundle has no model.onnx/,
    );
  });

  it('falls back to TF.js when onnxruntime-node does not load, with the reason', async () => {
    const bundle = await loadBundle(DEFAULT_MODEL_DIR);
    try {
      const missing = async () => ({
        ok: false as const,
        reason: 'libonnxruntime.so.1: cannot open shared object file',
      });
      const opened = await openEngine(bundle, { engine: 'auto', onnxThreads: 1 }, missing);
      expect(opened.engine.name).toBe('tfjs');
      expect(opened.warnings).toEqual([
        'engine tfjs: onnxruntime-node did not load: libonnxruntime.so.1: cannot open shared object file',
      ]);
      await expect(openEngine(bundle, { engine: 'onnx', onnxThreads: 1 }, missing)).rejects.toThrow(
        /MULTIRANK_ENGINE=onnx: onnxruntime-node did not load/,
      );
    } finally {
      bundle.model!.dispose();
    }
  });

  it('refuses a bundle whose ONNX graph disagrees with its TF.js model, naming the head', async () => {
    // The graph of a model whose click tower was changed after training: a wrong export.
    const bundle = await loadBundle(DEFAULT_MODEL_DIR);
    const layer = bundle.model!.getLayer('logit_click');
    const [kernel, bias] = layer.getWeights();
    layer.setWeights([kernel!, tf.add(bias!, 0.5)]);
    const dir = await bundleWithOnnx('wrong-onnx', exportOnnx(bundle.model!));
    bundle.model!.dispose();
    await expect(loadServedModel(dir)).rejects.toThrow(
      /model.onnx disagrees with the TF.js model on head "click": max difference 0\.\d+ over \d+ rows/,
    );
    const asTfjs = await loadServedModel(dir, { engine: 'tfjs', onnxThreads: 1 });
    asTfjs.dispose();
  });
});

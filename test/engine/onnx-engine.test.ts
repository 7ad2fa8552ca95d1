/**
 * The exported model's envelope (opset, IR version, producer, metadata, determinism) and the two
 * engines at the edges: 0 and 1 rows, typed-array views at an offset, disposal, the runtime probe.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { exportOnnx, ONNX_IR_VERSION, ONNX_OPSET, onnxContract } from '../../src/engine/onnx/export.js';
import { createOnnxEngine, loadOnnxRuntime } from '../../src/engine/onnx-engine.js';
import { selectBackend } from '../../src/engine/tfjs-backend.js';
import { createTfjsEngine } from '../../src/engine/tfjs-engine.js';
import type { EncodedBatch } from '../../src/features/encode.js';
import { architectureWith } from '../../src/model/from-config.js';
import {
  type ArchitectureSpec,
  buildRankerGraphs,
  type ModelHead,
  type ModelInput,
  type RankerGraphs,
} from '../../src/model/graph.js';
import { decodeModel, maxAbsDiff, randomBatch, randomizeWeights, runBothEngines } from './helpers.js';

const inputs: ModelInput[] = [
  { name: 'item_id', kind: 'ids', vocabularySize: 20, embeddingDim: 4 },
  { name: 'recent_items', kind: 'bag', vocabularySize: 20, embeddingDim: 4, maxLength: 3 },
  { name: 'duration', kind: 'dense', width: 2 },
];
const heads: ModelHead[] = [
  { name: 'click', kind: 'binary', biasTower: false },
  { name: 'watch', kind: 'regression', biasTower: false },
];
const arch: ArchitectureSpec = architectureWith({
  architecture: 'mmoe',
  experts: 2,
  expertUnits: [6],
  towerUnits: [],
  sharedEmbeddings: [['item_id', 'recent_items']],
  interactions: [['item_id', 'recent_items']],
  wide: ['item_id'],
  seed: 3,
});

let graphs: RankerGraphs;

beforeAll(async () => {
  await selectBackend('wasm');
  graphs = buildRankerGraphs(inputs, heads, arch);
  randomizeWeights(graphs.serving, 9);
});

/** `batch` with every column copied into a larger buffer and read through a view at an offset. */
function asViews(batch: EncodedBatch): EncodedBatch {
  const view = <T extends Int32Array | Float32Array>(array: T): T => {
    const Ctor = array.constructor as new (length: number) => T;
    const buffer = new Ctor(array.length + 5);
    buffer.set(array, 3);
    return buffer.subarray(3, 3 + array.length) as T;
  };
  return {
    ...batch,
    features: batch.features.map((f) => {
      if (f.kind === 'numeric')
        return { ...f, values: view(f.values), missing: f.missing && view(f.missing) };
      return { ...f, indices: view(f.indices) };
    }),
  };
}

describe('exportOnnx', () => {
  it('writes opset 17, IR version 8, multirank as producer and the caller metadata, the same bytes every time', () => {
    const bytes = exportOnnx(graphs.serving, { metadata: { bundle: 'tiny' } });
    const model = decodeModel(bytes);
    expect(model.irVersion).toBe(ONNX_IR_VERSION);
    expect(model.opsets).toEqual([{ domain: '', version: ONNX_OPSET }]);
    expect(model.producer).toBe('multirank');
    expect(model.metadata).toMatchObject({ producer: 'multirank', bundle: 'tiny' });
    // Shared table: item_id and recent_items look up one initializer.
    expect(model.initializers.filter((name) => name.startsWith('emb_'))).toEqual(['emb_item_id/embeddings']);
    expect(exportOnnx(graphs.serving, { metadata: { bundle: 'tiny' } })).toEqual(bytes);
  });

  it('declares the feed order the engines use: inputs as the Keras model takes them, heads as outputs', () => {
    const contract = onnxContract(graphs.serving);
    expect(contract.inputs).toEqual([
      { name: 'in_item_id', dtype: 'int32', shape: ['rows', 1] },
      { name: 'in_recent_items', dtype: 'int32', shape: ['rows', 3] },
      { name: 'in_recent_items__weights', dtype: 'float32', shape: ['rows', 3] },
      { name: 'in_duration', dtype: 'float32', shape: ['rows', 2] },
    ]);
    expect(contract.outputs).toEqual([
      { name: 'head_click', dtype: 'float32', shape: ['rows', 1] },
      { name: 'head_watch', dtype: 'float32', shape: ['rows', 1] },
    ]);
  });
});

describe('the engines', () => {
  it('report onnxruntime-node as loadable', async () => {
    expect(await loadOnnxRuntime()).toEqual({ ok: true });
  });

  it('agree on a single row', async () => {
    const { onnx, diffs } = await runBothEngines(graphs.serving, randomBatch(inputs, 1, 4));
    expect(onnx.map((h) => h.length)).toEqual([1, 1]);
    for (const d of diffs) expect(d).toBeLessThanOrEqual(1e-5);
  });

  it('answer an empty batch with empty arrays, one per head, without running the network', async () => {
    // No feature columns at all: running the network on it would fail, so an answer proves it was not run.
    const empty: EncodedBatch = { ...randomBatch(inputs, 0, 1), features: [] };
    const onnx = await createOnnxEngine(exportOnnx(graphs.serving));
    for (const engine of [onnx, createTfjsEngine(graphs.serving)]) {
      expect(await engine.run(empty), engine.name).toEqual([new Float32Array(0), new Float32Array(0)]);
    }
    await onnx.dispose();
  });

  it('read columns that are views into larger buffers', async () => {
    const batch = randomBatch(inputs, 40, 6);
    const onnx = await createOnnxEngine(exportOnnx(graphs.serving), { intraOpThreads: 2 });
    const tfjs = createTfjsEngine(graphs.serving);
    const direct = await onnx.run(batch);
    expect(await onnx.run(asViews(batch))).toEqual(direct);
    expect(await tfjs.run(asViews(batch))).toEqual(await tfjs.run(batch));
    for (const d of maxAbsDiff(direct, await tfjs.run(batch))) expect(d).toBeLessThanOrEqual(1e-5);
    await onnx.dispose();
  });

  it('refuse to run once disposed (ONNX), and name a batch that does not fit the graph', async () => {
    const onnx = await createOnnxEngine(exportOnnx(graphs.serving));
    const batch = randomBatch(inputs, 3, 2);
    await expect(onnx.run({ ...batch, features: batch.features.slice(1) })).rejects.toThrow(
      'the ONNX graph takes 4 inputs, the batch gives 3',
    );
    await onnx.dispose();
    await expect(onnx.run(batch)).rejects.toThrow('disposed');
  });
});

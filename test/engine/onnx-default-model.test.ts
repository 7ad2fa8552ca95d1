/**
 * The shipped models/default bundle exported to ONNX: on a few hundred serving rows built from its
 * own catalogue and users (with unknown users, items and devices, empty and over-long histories,
 * items missing their numerics) ONNX Runtime and TF.js agree on every head within 1e-5.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RawRecord } from '../../src/data/records.js';
import { exportOnnx, onnxContract } from '../../src/engine/onnx/export.js';
import { createOnnxEngine } from '../../src/engine/onnx-engine.js';
import { selectBackend } from '../../src/engine/tfjs-backend.js';
import { createTfjsEngine } from '../../src/engine/tfjs-engine.js';
import { type EncodedBatch, encodeRows } from '../../src/features/encode.js';
import { rowFromRequest } from '../../src/features/rows.js';
import { loadBundle, type ModelBundle } from '../../src/model/bundle.js';
import { featureTensors } from '../../src/model/inputs.js';
import { Rng } from '../../src/util/random.js';
import { maxAbsDiff } from './helpers.js';

const DEFAULT = new URL('../../models/default/', import.meta.url).pathname;
const TOLERANCE = 1e-5;
const ROWS = 300;

const readJsonl = (file: string): RawRecord[] =>
  readFileSync(`${DEFAULT}${file}`, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as RawRecord);

let bundle: ModelBundle;
let batch: EncodedBatch;

/** Serving rows as the ranker builds them, varied so that every default path of the encoder is taken. */
function servingRows(): EncodedBatch {
  const rng = new Rng(5, 'onnx-default');
  const items = readJsonl('items.jsonl');
  const users = readJsonl('users.jsonl');
  const pick = <T>(list: T[]): T => list[rng.int(list.length)]!;
  const rows = Array.from({ length: ROWS }, (_, i) => {
    const known = pick(users);
    // One user in eight is unknown to the store, one in eight has an unseen region.
    const user = i % 8 === 0 ? undefined : i % 8 === 1 ? { ...known, region: 'antarctica' } : known;
    const history = Array.from({ length: i % 5 === 0 ? 0 : rng.int(30) }, () => pick(items).item_id);
    const context: RawRecord = {
      device: i % 7 === 0 ? 'smart-fridge' : pick(['mobile', 'desktop', 'tv']),
      ...(i % 6 === 0 ? {} : { current_item_id: pick(items).item_id }),
      recent_items: history as string[],
    };
    const record = pick(items);
    // One item in six is outside the catalogue (no topic, no numerics); one in six lacks its duration.
    const itemId = i % 6 === 3 ? `unseen-${i}` : String(record.item_id);
    const item = i % 6 === 3 ? undefined : i % 6 === 4 ? { ...record, duration_seconds: undefined } : record;
    return rowFromRequest(
      bundle.fitted.layout,
      { userId: String(known.user_id), user, context },
      { itemId, item },
      i,
    );
  });
  return encodeRows(bundle.fitted, rows, { labels: false });
}

beforeAll(async () => {
  await selectBackend('wasm');
  bundle = await loadBundle(DEFAULT);
  batch = servingRows();
});

describe('models/default as ONNX', () => {
  it('encodes rows that take the unknown, empty and missing paths', () => {
    expect(batch.size).toBe(ROWS);
    const byName = new Map(batch.features.map((f) => [f.name, f]));
    const topic = byName.get('topic');
    const device = byName.get('device');
    const history = byName.get('recent_items');
    const duration = byName.get('duration');
    expect(topic?.kind === 'index' && topic.indices.includes(0)).toBe(true);
    expect(device?.kind === 'index' && device.indices.includes(0)).toBe(true);
    if (history?.kind !== 'bag' || duration?.kind !== 'numeric') throw new Error('unexpected feature kinds');
    const emptyBags = Array.from({ length: ROWS }, (_, r) =>
      history.indices.subarray(r * history.maxLength, (r + 1) * history.maxLength).every((id) => id === 0),
    ).filter(Boolean).length;
    expect(emptyBags).toBeGreaterThan(0);
    expect(duration.missing?.includes(1)).toBe(true);
  });

  it('runs on ONNX Runtime with every head within 1e-5 of TF.js', async () => {
    const onnx = await createOnnxEngine(exportOnnx(bundle.model!, { metadata: { bundle: 'default' } }));
    const tfjs = createTfjsEngine(bundle.model!);
    const [fromOnnx, fromTfjs] = [await onnx.run(batch), await tfjs.run(batch)];
    await onnx.dispose();
    expect(fromOnnx).toHaveLength(bundle.manifest.heads.length);
    const diffs = maxAbsDiff(fromOnnx, fromTfjs);
    for (const [k, head] of bundle.manifest.heads.entries()) {
      expect(fromOnnx[k], head.name).toHaveLength(ROWS);
      expect(diffs[k], head.name).toBeLessThanOrEqual(TOLERANCE);
    }
  });

  it('the TF.js engine gives exactly what predictOnBatch on featureTensors gives', async () => {
    const fromEngine = await createTfjsEngine(bundle.model!).run(batch);
    const reference = tf.tidy(() => {
      const output = bundle.model!.predictOnBatch(featureTensors(batch)) as tf.Tensor[];
      return output.map((t) => t.dataSync() as Float32Array);
    });
    expect(fromEngine).toEqual(reference);
  });

  it('declares the Keras inputs in feed order and one [rows, 1] output per head', () => {
    const contract = onnxContract(bundle.model!);
    expect(contract.opset).toBe(17);
    expect(contract.inputs.map((i) => i.name)).toEqual(bundle.model!.inputLayers.map((l) => l.name));
    expect(contract.inputs.find((i) => i.name === 'in_recent_items')).toEqual({
      name: 'in_recent_items',
      dtype: 'int32',
      shape: ['rows', 20],
    });
    expect(contract.inputs.find((i) => i.name === 'in_recent_items__weights')?.dtype).toBe('float32');
    expect(contract.inputs.find((i) => i.name === 'in_duration')?.shape).toEqual(['rows', 2]);
    expect(contract.outputs).toEqual(
      bundle.manifest.heads.map((h) => ({ name: `head_${h.name}`, dtype: 'float32', shape: ['rows', 1] })),
    );
  });
});

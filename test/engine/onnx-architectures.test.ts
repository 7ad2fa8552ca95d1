/**
 * The ONNX exporter against TF.js on every architecture option of the ranker: small serving
 * graphs from buildRankerGraphs with seeded random weights, both engines on one encoded batch,
 * every head within 1e-5 (PLE included: its levels are the same Dense, Reshape, Concatenate and
 * Dot layers as MMoE's).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/tfjs-backend.js';
import { architectureWith } from '../../src/model/from-config.js';
import {
  type ArchitectureSpec,
  buildRankerGraphs,
  type ModelHead,
  type ModelInput,
} from '../../src/model/graph.js';
import { randomBatch, randomizeWeights, runBothEngines, spread } from './helpers.js';

const TOLERANCE = 1e-5;

const user: ModelInput = { name: 'user_id', kind: 'ids', vocabularySize: 40, embeddingDim: 6 };
const item: ModelInput = { name: 'item_id', kind: 'ids', vocabularySize: 30, embeddingDim: 8 };
const history: ModelInput = {
  name: 'recent_items',
  kind: 'bag',
  vocabularySize: 30,
  embeddingDim: 8,
  maxLength: 6,
};
const duration: ModelInput = { name: 'duration', kind: 'dense', width: 2 };
const age: ModelInput = { name: 'age', kind: 'dense', width: 1 };

const click: ModelHead = { name: 'click', kind: 'binary', biasTower: true };
const watch: ModelHead = { name: 'watch_seconds', kind: 'regression', biasTower: true };
const like: ModelHead = { name: 'like', kind: 'binary', biasTower: false };

const base: ArchitectureSpec = architectureWith({
  architecture: 'mmoe',
  experts: 3,
  expertUnits: [12],
  towerUnits: [6],
  gateDropout: 0.1,
  inputDropout: 0.2,
  bias: { positions: 6, devices: 3, units: [4] },
  seed: 11,
});

interface Variant {
  name: string;
  inputs: ModelInput[];
  heads: ModelHead[];
  arch: Partial<ArchitectureSpec>;
}

const everything = [user, item, history, duration, age];
const variants: Variant[] = [
  { name: 'mmoe', inputs: everything, heads: [click, watch, like], arch: {} },
  {
    name: 'shared-bottom',
    inputs: everything,
    heads: [click, watch, like],
    arch: { architecture: 'shared-bottom', expertUnits: [16, 8] },
  },
  {
    name: 'bottomUnits (two shared layers under the experts)',
    inputs: everything,
    heads: [click, watch],
    arch: { bottomUnits: [16, 10] },
  },
  {
    name: 'ple, one level (CGC)',
    inputs: everything,
    heads: [click, watch, like],
    arch: { architecture: 'ple', levels: 1, sharedExperts: 2, taskExperts: 1 },
  },
  {
    name: 'ple, two levels, two own experts per task, under a shared bottom',
    inputs: everything,
    heads: [click, watch, like],
    arch: { architecture: 'ple', levels: 2, sharedExperts: 2, taskExperts: 2, bottomUnits: [16] },
  },
  {
    name: 'ple, three levels, one shared expert, one head',
    inputs: [user, item, duration],
    heads: [click],
    arch: { architecture: 'ple', levels: 3, sharedExperts: 1, taskExperts: 1, expertUnits: [12, 8] },
  },
  { name: 'bag feature, mean pooled', inputs: [history], heads: [click], arch: {} },
  { name: 'numeric with missing indicator', inputs: [duration], heads: [click, watch], arch: {} },
  { name: 'numeric without indicator', inputs: [age, user], heads: [click], arch: {} },
  {
    name: 'sharedEmbeddings (item, history in one table)',
    inputs: [user, item, history],
    heads: [click, like],
    arch: { sharedEmbeddings: [['item_id', 'recent_items']] },
  },
  {
    name: 'interactions (history · item, user · item)',
    inputs: [user, { ...item, embeddingDim: 6 }, { ...history, embeddingDim: 6 }],
    heads: [click, watch],
    arch: {
      interactions: [
        ['recent_items', 'item_id'],
        ['user_id', 'item_id'],
      ],
    },
  },
  {
    name: 'wide (per-id logits on two inputs)',
    inputs: [user, item, duration],
    heads: [click, watch, like],
    arch: { wide: ['item_id', 'user_id'] },
  },
  { name: 'binary heads only', inputs: everything, heads: [click, like], arch: {} },
  { name: 'regression head only', inputs: everything, heads: [watch], arch: {} },
  {
    name: 'one expert (no experts concatenation)',
    inputs: everything,
    heads: [click, watch],
    arch: { experts: 1 },
  },
  {
    name: 'several experts, deeper',
    inputs: everything,
    heads: [click, watch, like],
    arch: { experts: 6, expertUnits: [16, 8], towerUnits: [8, 4] },
  },
  {
    name: 'all options together',
    inputs: [user, item, history, duration, age],
    heads: [click, watch, like],
    arch: {
      bottomUnits: [20],
      experts: 4,
      sharedEmbeddings: [['item_id', 'recent_items']],
      interactions: [['recent_items', 'item_id']],
      wide: ['item_id'],
    },
  },
];

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('ONNX export of the ranker architectures', () => {
  it.each(variants.map((v, k) => [v.name, v, k] as const))(
    '%s: every head matches TF.js',
    async (_, variant, k) => {
      const graphs = buildRankerGraphs(variant.inputs, variant.heads, {
        ...base,
        ...variant.arch,
        seed: 100 + k,
      });
      randomizeWeights(graphs.serving, 1000 + k);
      const batch = randomBatch(variant.inputs, 257, 2000 + k);
      const { onnx, tfjs, diffs } = await runBothEngines(graphs.serving, batch);
      expect(onnx).toHaveLength(variant.heads.length);
      for (const [h, head] of variant.heads.entries()) {
        expect(onnx[h]).toHaveLength(batch.size);
        // A constant head would match trivially: the weights must make the rows differ.
        expect(spread(tfjs[h]!), head.name).toBeGreaterThan(1e-3);
        expect(diffs[h], head.name).toBeLessThanOrEqual(TOLERANCE);
      }
    },
  );
});

/**
 * The ranker's network, built twice over one set of layers:
 *   - the training graph: features + position/device → heads, with input and gate dropout and the shallow
 *     bias tower's per-head logit added to the heads marked for it (bias-tower.ts);
 *   - the serving graph: features → heads, standard layers only, no bias tower (position unknown).
 * Because both graphs call the same layer objects, they share every weight.
 *
 * Architectures: `mmoe` (experts, one softmax gate per task; Ma et al. 2018), `ple` (shared and
 * per-task experts over levels; Tang et al. 2020, ple.ts) or `shared-bottom` (one MLP shared by
 * every tower), for comparison. Experts and gates are in mixture.ts; the input side (embeddings,
 * shared tables, interactions, the wide part) is in graph-inputs.ts.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelDef } from '../features/training-config.js';
import { buildBiasTower } from './bias-tower.js';
import { buildInputs, buildWide } from './graph-inputs.js';
import { apply, chain, layerSafe, makeSeeds, mlp, type Sym } from './layers.js';
import {
  expertLayers,
  gatedMixture,
  type Paired,
  runExperts,
  stackExperts,
  taskGateNames,
} from './mixture.js';
import { buildPle } from './ple.js';
import { SeededDropout } from './seeded-dropout.js';

export { biasLogitName } from './bias-tower.js';
export { layerSafe } from './layers.js';

/** One model input, as the feature encoder produces it. */
export type ModelInput =
  | { name: string; kind: 'ids'; vocabularySize: number; embeddingDim: number }
  | { name: string; kind: 'bag'; vocabularySize: number; embeddingDim: number; maxLength: number }
  | { name: string; kind: 'dense'; width: number };

/** One prediction head. */
export interface ModelHead {
  name: string;
  kind: 'binary' | 'regression';
  biasTower: boolean;
}

/**
 * Sizes and switches of the network: the training config's model section (its fields are
 * documented there), with the bias tower's table sizes resolved from the fitted data and the seed.
 */
export interface ArchitectureSpec
  extends Omit<ModelDef, 'biasUnits' | 'levels' | 'sharedExperts' | 'taskExperts'>,
    // PLE's sizes; other architectures leave them out (the config's defaults apply).
    Partial<Pick<ModelDef, 'levels' | 'sharedExperts' | 'taskExperts'>> {
  /** Shallow tower: embedding sizes come from these counts (index 0 = unknown). */
  bias: { positions: number; devices: number; units: number[] } | null;
  seed: number;
}

/** The two graphs and a gate probe (per-task gate weights, for utilisation reports). */
export interface RankerGraphs {
  training: tf.LayersModel;
  serving: tf.LayersModel;
  /**
   * Serving-time gate weights, one output per head; null for shared-bottom. MMoE's gates weigh
   * its `experts`; PLE's (its last level's task gates) the head's own experts, then the shared ones.
   */
  gates: tf.LayersModel | null;
  /** Input names in the order the graphs take them (features, then position and device for training). */
  featureInputNames: string[];
}

/** Per-task representations in both graphs, one per head, and the serving gates (none for shared-bottom). */
export interface TaskInputs {
  training: Sym[];
  serving: Sym[];
  gates: Sym[];
}

/** MMoE: every task's gate mixes one set of experts, all read from the shared input. */
function buildMmoe(
  shared: Paired,
  heads: ModelHead[],
  arch: ArchitectureSpec,
  seed: () => number,
): TaskInputs {
  const experts = Array.from({ length: arch.experts }, (_, e) =>
    expertLayers(`expert${e}`, arch.expertUnits, seed),
  );
  const stacked = stackExperts('experts', runExperts(experts, shared));
  const mixed = heads.map((head) => {
    const names = taskGateNames(layerSafe(head.name));
    return gatedMixture(names, arch.experts, arch.gateDropout, seed, shared, stacked);
  });
  return {
    training: mixed.map((m) => m.training),
    serving: mixed.map((m) => m.serving),
    gates: mixed.map((m) => m.gate),
  };
}

/**
 * Per-task representations for training and serving. They differ by input and gate dropout
 * only: each layer is called once per graph, so both graphs use the same weights.
 */
function buildTaskInputs(
  shared: Paired,
  heads: ModelHead[],
  arch: ArchitectureSpec,
  seed: () => number,
): TaskInputs {
  if (arch.architecture === 'ple') return buildPle(shared, heads, arch, seed);
  if (arch.architecture === 'mmoe') return buildMmoe(shared, heads, arch, seed);
  const bottom = mlp('bottom', arch.expertUnits, seed);
  const training = chain(bottom, shared.training);
  const serving = chain(bottom, shared.serving);
  return { training: heads.map(() => training), serving: heads.map(() => serving), gates: [] };
}

/** Builds the training and serving graphs of the ranker over shared layers. */
export function buildRankerGraphs(
  inputs: ModelInput[],
  heads: ModelHead[],
  arch: ArchitectureSpec,
): RankerGraphs {
  if (heads.length === 0) throw new Error('the model needs at least one head');
  const seed = makeSeeds(arch.seed);
  const features = buildInputs(inputs, arch, seed);
  const dropped =
    arch.inputDropout > 0
      ? apply(
          new SeededDropout({ rate: arch.inputDropout, seed: seed(), name: 'input_dropout' }),
          features.shared,
        )
      : features.shared;
  const bottom = mlp('shared_bottom', arch.bottomUnits, seed);
  const shared: Paired = { training: chain(bottom, dropped), serving: chain(bottom, features.shared) };
  const taskInputs = buildTaskInputs(shared, heads, arch, seed);
  const bias = arch.bias && heads.some((h) => h.biasTower) ? buildBiasTower(arch.bias, heads, seed) : null;

  const trainingOutputs: Sym[] = [];
  const servingOutputs: Sym[] = [];
  heads.forEach((head, t) => {
    const id = layerSafe(head.name);
    const tower = [
      ...mlp(`tower_${id}`, arch.towerUnits, seed),
      tf.layers.dense({
        units: 1,
        name: `logit_${id}`,
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed() }),
      }),
    ];
    const activation = head.kind === 'binary' ? 'sigmoid' : 'linear';
    const wide = buildWide(arch.wide, features.ids, inputs, head, arch.wideL2);
    const withWide = (deep: Sym, graph: string): Sym =>
      wide.length === 0 ? deep : apply(tf.layers.add({ name: `${graph}_logit_${id}` }), [deep, ...wide]);
    const trainLogit = withWide(chain(tower, taskInputs.training[t]!), 'train');
    const biasLogit = bias?.logits.get(head.name);
    const biased = biasLogit
      ? apply(tf.layers.add({ name: `biased_${id}` }), [trainLogit, biasLogit])
      : trainLogit;
    trainingOutputs.push(apply(tf.layers.activation({ activation, name: `train_head_${id}` }), biased));
    servingOutputs.push(
      apply(
        tf.layers.activation({ activation, name: `head_${id}` }),
        withWide(chain(tower, taskInputs.serving[t]!), 'serve'),
      ),
    );
  });

  const trainingInputs = bias ? [...features.symbols, bias.position, bias.device] : features.symbols;
  return {
    training: tf.model({ inputs: trainingInputs, outputs: trainingOutputs, name: 'multirank_training' }),
    serving: tf.model({ inputs: features.symbols, outputs: servingOutputs, name: 'multirank_ranker' }),
    gates:
      taskInputs.gates.length > 0
        ? tf.model({ inputs: features.symbols, outputs: taskInputs.gates, name: 'multirank_gates' })
        : null,
    featureInputNames: features.names,
  };
}

/**
 * Starts each head at its base rate: a binary head's output bias at the log-odds of its
 * positive rate, a regression head's at the label mean. Without it the first epoch is spent
 * learning the average, and rare labels (likes, dismisses) are learnt late.
 */
export function initialiseHeadBiases(graphs: RankerGraphs, heads: ModelHead[], means: number[]): void {
  heads.forEach((head, k) => {
    const mean = means[k];
    if (mean === undefined || !Number.isFinite(mean)) return;
    const layer = graphs.serving.getLayer(`logit_${layerSafe(head.name)}`);
    const [kernel, bias] = layer.getWeights();
    if (!kernel || !bias) return;
    const p = Math.min(Math.max(mean, 1e-4), 1 - 1e-4);
    const start = head.kind === 'binary' ? Math.log(p / (1 - p)) : mean;
    const initial = tf.fill(bias.shape, start);
    layer.setWeights([kernel, initial]);
    initial.dispose();
  });
}

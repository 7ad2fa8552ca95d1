/**
 * The ranker's network, built twice over one set of layers:
 *   - the training graph: features + position/device → heads, with input and gate dropout and the shallow
 *     bias tower's per-head logit added to the heads marked for it (bias-tower.ts);
 *   - the serving graph: features → heads, standard layers only, no bias tower (position unknown).
 * Because both graphs call the same layer objects, they share every weight.
 *
 * Architectures: `mmoe` (experts, one softmax gate per task; Ma et al. 2018) or `shared-bottom`
 * (one MLP shared by every tower), for comparison. The input side (embeddings, shared tables,
 * interactions, the wide part) is in graph-inputs.ts.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelDef } from '../features/training-config.js';
import { buildBiasTower } from './bias-tower.js';
import { GateDropout } from './gate-dropout.js';
import { buildInputs, buildWide } from './graph-inputs.js';
import { apply, chain, layerSafe, makeSeeds, mlp, type Sym } from './layers.js';
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
  /** Serving-time gate weights, one output per head; null for shared-bottom. */
  gates: tf.LayersModel | null;
  /** Input names in the order the graphs take them (features, then position and device for training). */
  featureInputNames: string[];
}

/** The shared input vector as training sees it (input dropout) and as serving does (as is). */
interface SharedInput {
  training: Sym;
  serving: Sym;
}

/**
 * Per-task representations for training and serving. They differ by input and gate dropout
 * only: each layer is called once per graph, so both graphs use the same weights.
 */
function buildTaskInputs(
  shared: SharedInput,
  heads: ModelHead[],
  arch: ArchitectureSpec,
  seed: () => number,
) {
  if (arch.architecture === 'shared-bottom') {
    const bottom = mlp('bottom', arch.expertUnits, seed);
    const training = chain(bottom, shared.training);
    const serving = chain(bottom, shared.serving);
    return { training: heads.map(() => training), serving: heads.map(() => serving), gates: [] as Sym[] };
  }
  const width = arch.expertUnits.at(-1) ?? 1;
  const experts = Array.from({ length: arch.experts }, (_, e) => [
    ...mlp(`expert${e}`, arch.expertUnits, seed),
    tf.layers.reshape({ targetShape: [1, width], name: `expert${e}_out` }),
  ]);
  const concatenate = experts.length === 1 ? null : tf.layers.concatenate({ axis: 1, name: 'experts' });
  const stack = (input: Sym): Sym => {
    const outputs = experts.map((expert) => chain(expert, input));
    return concatenate ? apply(concatenate, outputs) : outputs[0]!;
  };
  const stacked = { training: stack(shared.training), serving: stack(shared.serving) };
  const training: Sym[] = [];
  const serving: Sym[] = [];
  const gates: Sym[] = [];
  for (const head of heads) {
    const id = layerSafe(head.name);
    const gateLayer = tf.layers.dense({
      units: arch.experts,
      activation: 'softmax',
      name: `gate_${id}`,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed() }),
    });
    const gate = apply(gateLayer, shared.serving);
    const mix = tf.layers.dot({ axes: 1, name: `mix_${id}` });
    const dropped = apply(
      new GateDropout({ rate: arch.gateDropout, seed: seed(), name: `gate_dropout_${id}` }),
      apply(gateLayer, shared.training),
    );
    training.push(apply(mix, [dropped, stacked.training]));
    serving.push(apply(mix, [gate, stacked.serving]));
    gates.push(gate);
  }
  return { training, serving, gates };
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
  const shared: SharedInput = { training: chain(bottom, dropped), serving: chain(bottom, features.shared) };
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

/**
 * The ranker's network, built twice over one set of layers:
 *   - the training graph: features + position/device → heads, with gate dropout and the shallow
 *     bias tower's logit added to the heads marked for it;
 *   - the serving graph: features → heads, standard layers only, no bias tower (position unknown).
 * Because both graphs call the same layer objects, they share every weight.
 *
 * Architectures: `mmoe` (experts, one softmax gate per task; Ma et al. 2018) or `shared-bottom`
 * (one MLP shared by every tower), for comparison.
 */
import * as tf from '@tensorflow/tfjs';
import { GateDropout } from './gate-dropout.js';

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

/** Sizes and switches of the network. */
export interface ArchitectureSpec {
  architecture: 'mmoe' | 'shared-bottom';
  experts: number;
  expertUnits: number[];
  towerUnits: number[];
  gateDropout: number;
  /** Dropout on the shared input vector in training (identity at serving); curbs memorising ids. */
  inputDropout: number;
  /** Groups of inputs that look up one embedding table, the first input's (same hashed id space). */
  sharedEmbeddings: string[][];
  /** Pairs of embedded inputs whose vectors' dot product joins the shared input vector. */
  interactions: string[][];
  /** Id inputs with a per-head scalar weight per id added straight to each head's logit (the "wide" part). */
  wide: string[];
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

type Sym = tf.SymbolicTensor;
const apply = (layer: tf.layers.Layer, input: Sym | Sym[]): Sym => layer.apply(input) as Sym;

/** Layer and tensor names must be plain identifiers. */
export function layerSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

function makeSeeds(start: number): () => number {
  let next = start;
  return () => next++;
}

function mlp(prefix: string, units: number[], seed: () => number): tf.layers.Layer[] {
  return units.map((width, i) =>
    tf.layers.dense({
      units: width,
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed() }),
      name: `${prefix}_dense${i}`,
    }),
  );
}

const chain = (layers: tf.layers.Layer[], input: Sym): Sym =>
  layers.reduce((x, layer) => apply(layer, x), input);

/** Which input owns the embedding table each input looks up (itself unless it is in a shared group). */
function tableOwners(inputs: ModelInput[], groups: string[][]): Map<string, ModelInput> {
  const byName = new Map(inputs.map((input) => [input.name, input]));
  const owners = new Map<string, ModelInput>();
  for (const input of inputs) owners.set(input.name, input);
  for (const group of groups) {
    const owner = byName.get(group[0] ?? '');
    if (!owner || owner.kind === 'dense')
      throw new Error(`shared embedding group [${group}] has no embedded first input`);
    for (const name of group) owners.set(name, owner);
  }
  return owners;
}

/** Inputs, the per-feature vectors and the concatenated shared input vector. */
function buildInputs(
  inputs: ModelInput[],
  arch: ArchitectureSpec,
  seed: () => number,
): { symbols: Sym[]; names: string[]; shared: Sym; ids: Map<string, Sym> } {
  const symbols: Sym[] = [];
  const idSymbols = new Map<string, Sym>();
  const names: string[] = [];
  const parts: Sym[] = [];
  const vectors = new Map<string, Sym>();
  const owners = tableOwners(inputs, arch.sharedEmbeddings);
  const tables = new Map<string, tf.layers.Layer>();
  const tableOf = (input: ModelInput): tf.layers.Layer => {
    const owner = owners.get(input.name) ?? input;
    if (owner.kind === 'dense') throw new Error(`input "${input.name}" has no embedding table`);
    let table = tables.get(owner.name);
    if (!table) {
      table = tf.layers.embedding({
        inputDim: owner.vocabularySize,
        outputDim: owner.embeddingDim,
        embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: seed() }),
        name: `emb_${layerSafe(owner.name)}`,
      });
      tables.set(owner.name, table);
    }
    return table;
  };
  for (const input of inputs) {
    const id = layerSafe(input.name);
    if (input.kind === 'dense') {
      const x = tf.input({ shape: [input.width], name: `in_${id}` });
      symbols.push(x);
      names.push(input.name);
      parts.push(x);
      continue;
    }
    const length = input.kind === 'bag' ? input.maxLength : 1;
    const ids = tf.input({ shape: [length], dtype: 'int32', name: `in_${id}` });
    const embedded = apply(tableOf(input), ids);
    idSymbols.set(input.name, ids);
    symbols.push(ids);
    names.push(input.name);
    let vector: Sym;
    if (input.kind === 'ids') {
      vector = apply(tf.layers.flatten({ name: `flat_${id}` }), embedded);
    } else {
      // Mean pooling with padding masked out: the encoder supplies weights 1/len on real ids, 0 on padding.
      const weights = tf.input({ shape: [length], name: `in_${id}__weights` });
      symbols.push(weights);
      names.push(`${input.name}__weights`);
      vector = apply(tf.layers.dot({ axes: 1, name: `pool_${id}` }), [weights, embedded]);
    }
    vectors.set(input.name, vector);
    parts.push(vector);
  }
  // Dot products hand the MLP the multiplicative match it learns slowly on its own (history · item).
  for (const [a, b] of arch.interactions) {
    const left = vectors.get(a ?? '');
    const right = vectors.get(b ?? '');
    if (!left || !right) throw new Error(`interaction [${a}, ${b}] needs two embedded inputs`);
    const [dimA, dimB] = [left.shape.at(-1), right.shape.at(-1)];
    if (dimA !== dimB) {
      throw new Error(
        `interaction [${a}, ${b}]: embedding widths differ (${dimA} vs ${dimB}); set equal embeddingDim`,
      );
    }
    parts.push(
      apply(tf.layers.dot({ axes: -1, name: `dot_${layerSafe(a!)}__${layerSafe(b!)}` }), [left, right]),
    );
  }
  const shared =
    parts.length === 1 ? parts[0]! : apply(tf.layers.concatenate({ name: 'shared_input' }), parts);
  return { symbols, names, shared, ids: idSymbols };
}

/**
 * The shallow tower: position and device embeddings → one bias logit per head it feeds (training
 * graph only). Per-head logits let click and watch time, say, decay with position at their own rates.
 */
function buildBiasTower(bias: NonNullable<ArchitectureSpec['bias']>, heads: ModelHead[], seed: () => number) {
  const position = tf.input({ shape: [1], dtype: 'int32', name: 'in__position' });
  const device = tf.input({ shape: [1], dtype: 'int32', name: 'in__device' });
  const embed = (symbol: Sym, count: number, name: string): Sym =>
    apply(
      tf.layers.flatten({ name: `flat_bias_${name}` }),
      apply(
        tf.layers.embedding({
          inputDim: Math.max(count, 2),
          outputDim: 4,
          embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: seed() }),
          name: `emb_bias_${name}`,
        }),
        symbol,
      ),
    );
  const joined = apply(tf.layers.concatenate({ name: 'bias_input' }), [
    embed(position, bias.positions, 'position'),
    embed(device, bias.devices, 'device'),
  ]);
  const hidden = chain(mlp('bias', bias.units, seed), joined);
  const logits = new Map<string, Sym>();
  for (const head of heads.filter((h) => h.biasTower)) {
    const layer = tf.layers.dense({
      units: 1,
      name: biasLogitName(head),
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed() }),
    });
    logits.set(head.name, apply(layer, hidden));
  }
  return { position, device, logits };
}

/** The layer holding a head's bias-tower logit. */
export function biasLogitName(head: ModelHead): string {
  return `bias_logit_${layerSafe(head.name)}`;
}

/**
 * The wide part (Cheng et al. 2016, Wide & Deep): for each head, one learnt scalar per id of each
 * wide input, summed into the head's logit. It memorises per-item rates (popularity by head) that
 * the deep part, regularised and shared across heads, learns slowly, rare labels above all.
 */
function buildWide(names: string[], ids: Map<string, Sym>, inputs: ModelInput[], head: ModelHead): Sym[] {
  return names.map((name) => {
    const input = inputs.find((i) => i.name === name);
    const symbol = ids.get(name);
    if (input?.kind !== 'ids' || !symbol) throw new Error(`wide input "${name}" must be a single id feature`);
    const id = `${layerSafe(name)}__${layerSafe(head.name)}`;
    const weights = tf.layers.embedding({
      inputDim: input.vocabularySize,
      outputDim: 1,
      embeddingsInitializer: 'zeros',
      name: `wide_${id}`,
    });
    return apply(tf.layers.flatten({ name: `flat_wide_${id}` }), apply(weights, symbol));
  });
}

/** Per-task representations for training and serving (they differ only by gate dropout). */
function buildTaskInputs(shared: Sym, heads: ModelHead[], arch: ArchitectureSpec, seed: () => number) {
  if (arch.architecture === 'shared-bottom') {
    const bottom = chain(mlp('bottom', arch.expertUnits, seed), shared);
    return { training: heads.map(() => bottom), serving: heads.map(() => bottom), gates: [] as Sym[] };
  }
  const width = arch.expertUnits.at(-1) ?? 1;
  const experts = Array.from({ length: arch.experts }, (_, e) =>
    apply(
      tf.layers.reshape({ targetShape: [1, width], name: `expert${e}_out` }),
      chain(mlp(`expert${e}`, arch.expertUnits, seed), shared),
    ),
  );
  const stacked =
    experts.length === 1 ? experts[0]! : apply(tf.layers.concatenate({ axis: 1, name: 'experts' }), experts);
  const training: Sym[] = [];
  const serving: Sym[] = [];
  const gates: Sym[] = [];
  for (const head of heads) {
    const id = layerSafe(head.name);
    const gate = apply(
      tf.layers.dense({
        units: arch.experts,
        activation: 'softmax',
        name: `gate_${id}`,
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed() }),
      }),
      shared,
    );
    const mix = tf.layers.dot({ axes: 1, name: `mix_${id}` });
    const dropped = apply(
      new GateDropout({ rate: arch.gateDropout, seed: seed(), name: `gate_dropout_${id}` }),
      gate,
    );
    training.push(apply(mix, [dropped, stacked]));
    serving.push(apply(mix, [gate, stacked]));
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
  // Unseeded on purpose: TF.js dropout with a fixed seed draws the same mask at every step.
  const shared =
    arch.inputDropout > 0
      ? apply(tf.layers.dropout({ rate: arch.inputDropout, name: 'input_dropout' }), features.shared)
      : features.shared;
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
    const wide = buildWide(arch.wide, features.ids, inputs, head);
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

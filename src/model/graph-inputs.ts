/**
 * The ranker's input side: one Input per feature, embedding tables (shared within a configured
 * group), masked mean pooling for bags, dot-product interactions, and the wide per-id logits.
 */
import * as tf from '@tensorflow/tfjs';
import type { ArchitectureSpec, ModelHead, ModelInput } from './graph.js';
import { apply, layerSafe, type Sym } from './layers.js';

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
export function buildInputs(
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
 * The wide part (Cheng et al. 2016, Wide & Deep): for each head, one learnt scalar per id of each
 * wide input, summed into the head's logit. It memorises per-item rates (popularity by head) that
 * the deep part, regularised and shared across heads, learns slowly, rare labels above all.
 */
export function buildWide(
  names: string[],
  ids: Map<string, Sym>,
  inputs: ModelInput[],
  head: ModelHead,
  l2: number,
): Sym[] {
  return names.map((name) => {
    const input = inputs.find((i) => i.name === name);
    const symbol = ids.get(name);
    if (input?.kind !== 'ids' || !symbol) throw new Error(`wide input "${name}" must be a single id feature`);
    const id = `${layerSafe(name)}__${layerSafe(head.name)}`;
    const weights = tf.layers.embedding({
      inputDim: input.vocabularySize,
      outputDim: 1,
      embeddingsInitializer: 'zeros',
      ...(l2 > 0 ? { embeddingsRegularizer: tf.regularizers.l2({ l2 }) } : {}),
      name: `wide_${id}`,
    });
    return apply(tf.layers.flatten({ name: `flat_wide_${id}` }), apply(weights, symbol));
  });
}

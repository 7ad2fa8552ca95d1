/**
 * Progressive Layered Extraction (Tang et al., "Progressive Layered Extraction (PLE)", RecSys
 * 2020). Each level has experts shared by every task and experts of each task's own; a task's
 * gate mixes its own experts and the shared ones, so a task can keep what it learns apart from
 * the others (MMoE's tasks all pull on the same experts, which is where negative transfer comes
 * from). Below the last level a shared gate mixes every expert into the next level's shared
 * input; a task's gate and own experts at level > 1 read that task's previous output. One level
 * is CGC (Customized Gate Control). The last level's outputs feed the towers.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ArchitectureSpec, ModelHead, TaskInputs } from './graph.js';
import { layerSafe } from './layers.js';
import {
  expertLayers,
  gatedMixture,
  type Paired,
  runExperts,
  stackExperts,
  taskGateNames,
} from './mixture.js';

/** The PLE sizes, with the config's defaults for a spec that leaves them out. */
function pleSizes(arch: ArchitectureSpec): { levels: number; shared: number; own: number } {
  return { levels: arch.levels ?? 1, shared: arch.sharedExperts ?? 2, own: arch.taskExperts ?? 1 };
}

const experts = (count: number, name: (e: number) => string, arch: ArchitectureSpec, seed: () => number) =>
  Array.from({ length: count }, (_, e) => expertLayers(name(e), arch.expertUnits, seed));

const joined = (groups: Paired<tf.SymbolicTensor[]>[]): Paired<tf.SymbolicTensor[]> => ({
  training: groups.flatMap((g) => g.training),
  serving: groups.flatMap((g) => g.serving),
});

/**
 * Per-task representations through `levels` of extraction. Each head's gate (the returned
 * `gates`, from the last level) weighs its own experts first, then the shared ones.
 */
export function buildPle(
  shared: Paired,
  heads: ModelHead[],
  arch: ArchitectureSpec,
  seed: () => number,
): TaskInputs {
  const { levels, shared: sharedCount, own } = pleSizes(arch);
  let sharedInput = shared;
  let taskInputs: Paired[] = heads.map(() => shared);
  let gates: tf.SymbolicTensor[] = [];
  for (let level = 1; level <= levels; level++) {
    const prefix = `ple${level}_`;
    const last = level === levels;
    const sharedOut = runExperts(
      experts(sharedCount, (e) => `${prefix}shared${e}`, arch, seed),
      sharedInput,
    );
    const ownOut = heads.map((head, t) =>
      runExperts(
        experts(own, (e) => `${prefix}expert${e}_${layerSafe(head.name)}`, arch, seed),
        taskInputs[t]!,
      ),
    );
    const mixed = heads.map((head, t) => {
      const id = layerSafe(head.name);
      const stacked = stackExperts(`${prefix}experts_${id}`, joined([ownOut[t]!, sharedOut]));
      // The last level's gates are named as MMoE's, so the probes find them.
      const names = taskGateNames(id, last ? '' : prefix);
      return gatedMixture(names, own + sharedCount, arch.gateDropout, seed, taskInputs[t]!, stacked);
    });
    if (!last) {
      // The next level's shared experts read a mixture of every expert of this one.
      const all = stackExperts(`${prefix}shared_experts`, joined([...ownOut, sharedOut]));
      const names = {
        gate: `${prefix}shared_gate`,
        dropout: `${prefix}shared_gate_dropout`,
        mix: `${prefix}shared_mix`,
      };
      const width = heads.length * own + sharedCount;
      sharedInput = gatedMixture(names, width, arch.gateDropout, seed, sharedInput, all);
    }
    taskInputs = mixed;
    gates = mixed.map((m) => m.gate);
  }
  return {
    training: taskInputs.map((x) => x.training),
    serving: taskInputs.map((x) => x.serving),
    gates,
  };
}

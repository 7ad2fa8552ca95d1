/**
 * One model call for a whole encoded batch, read back per head. Two spaces come out:
 * - model space: what the network outputs (probabilities; regression heads trained on
 *   log(1 + y) stay on that scale). Combination uses these, as offline evaluation does.
 * - label space: what the caller reads (regression heads with transform log1p mapped back
 *   with expm1, e.g. watch seconds); binary heads and untransformed heads are unchanged.
 */
import type { ModelEngine } from '../engine/types.js';
import type { EncodedBatch } from '../features/encode.js';
import type { TaskDef } from '../features/spec.js';

/** Per-head predictions for a batch, aligned with the model's tasks. */
export interface HeadPredictions {
  /** [head][row]: the network's outputs, the values combination weighs. */
  model: Float32Array[];
  /** [head][row]: the same in label units (expm1 for log1p regression heads). */
  label: Float64Array[];
}

/** Runs the serving network once on `batch` through `engine`, read back in both spaces. */
export async function predictHeads(
  engine: ModelEngine,
  tasks: readonly TaskDef[],
  batch: EncodedBatch,
): Promise<HeadPredictions> {
  const outputs = await engine.run(batch);
  if (outputs.length !== tasks.length) {
    throw new Error(`the model has ${outputs.length} outputs for ${tasks.length} tasks`);
  }
  return {
    model: outputs,
    label: outputs.map((values, k) => toLabelSpace(tasks[k]!, values)),
  };
}

/** A head's predictions in its label's units. */
export function toLabelSpace(task: TaskDef, values: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(values);
  if (task.kind === 'regression' && task.transform === 'log1p') {
    for (let r = 0; r < out.length; r++) out[r] = Math.expm1(out[r]!);
  }
  return out;
}

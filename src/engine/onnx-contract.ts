/**
 * Whether an ONNX graph takes and gives what the bundle's features.json says (docs/onnx.md, "The
 * ONNX contract"). Checked when a session opens, so a network brought from elsewhere with a
 * missing input, a wrong dtype or width, or a head too many fails at load, naming the input.
 */
import type { InferenceSession } from 'onnxruntime-node';
import type { InputSpec } from '../model/feeds.js';

/** What the graph must take (in feed order) and give (its heads' output names, in task order). */
export interface OnnxContractSpec {
  inputs: InputSpec[];
  outputs: string[];
}

/** Everything in `session` that breaks `contract`, as sentences; empty when it follows it. */
export function contractProblems(
  session: Pick<InferenceSession, 'inputMetadata' | 'outputMetadata'>,
  contract: OnnxContractSpec,
): string[] {
  const problems: string[] = [];
  const inputs = new Map(session.inputMetadata.map((meta) => [meta.name, meta]));
  for (const spec of contract.inputs) {
    const meta = inputs.get(spec.name);
    if (!meta) {
      problems.push(`no input ${spec.name} (${spec.dtype} [rows, ${spec.width}])`);
      continue;
    }
    inputs.delete(spec.name);
    if (!meta.isTensor) {
      problems.push(`input ${spec.name} is not a tensor`);
      continue;
    }
    if (meta.type !== spec.dtype) problems.push(`input ${spec.name} is ${meta.type}, expected ${spec.dtype}`);
    const width = meta.shape[1];
    if (meta.shape.length !== 2 || (typeof width === 'number' && width !== spec.width)) {
      problems.push(
        `input ${spec.name} has shape [${meta.shape.join(', ')}], expected [rows, ${spec.width}]`,
      );
    }
  }
  for (const name of inputs.keys()) problems.push(`input ${name} is not one the features make`);
  const outputs = new Map(session.outputMetadata.map((meta) => [meta.name, meta]));
  for (const name of contract.outputs) {
    const meta = outputs.get(name);
    if (!meta) problems.push(`no output ${name} (float32 [rows, 1])`);
    else if (meta.isTensor && meta.type !== 'float32')
      problems.push(`output ${name} is ${meta.type}, expected float32`);
    outputs.delete(name);
  }
  for (const name of outputs.keys()) problems.push(`output ${name} is not a task's head`);
  return problems;
}

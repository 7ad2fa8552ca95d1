/** Reads the network's heads, losses and sizes off a training config and its fitted features. */
import type { FittedFeatures } from '../features/fitted.js';
import { parseModel } from '../features/parse-sections.js';
import type { TaskDef } from '../features/spec.js';
import type { TrainingConfig } from '../features/training-config.js';
import type { ArchitectureSpec, ModelHead } from './graph.js';
import type { LossHead } from './loss.js';

/** The heads, in task order. */
export function headsOf(tasks: TaskDef[]): ModelHead[] {
  return tasks.map((t) => ({ name: t.name, kind: t.kind, biasTower: t.biasTower }));
}

/** Each head's loss and weight. */
export function lossHeadsOf(tasks: TaskDef[]): LossHead[] {
  return tasks.map((t) => ({
    kind: t.kind,
    weight: t.weight,
    huberDelta: t.kind === 'regression' && t.loss === 'huber' ? t.huberDelta : null,
  }));
}

/** Architecture from the model section; the bias tower's sizes come from the fitted position and device tables. */
export function architectureOf(config: TrainingConfig, fitted: FittedFeatures): ArchitectureSpec {
  const { biasUnits, ...model } = config.model;
  return {
    ...model,
    bias: fitted.bias
      ? { positions: fitted.bias.positionSize, devices: fitted.bias.deviceSize, units: biasUnits }
      : null,
    seed: config.training.seed,
  };
}

/**
 * An architecture with the config's defaults and `overrides`: for code that builds a network
 * without a training config (tests, benches), so each states only what it changes.
 */
export function architectureWith(overrides: Partial<ArchitectureSpec> = {}): ArchitectureSpec {
  const { biasUnits: _biasUnits, ...model } = parseModel(null);
  return { ...model, bias: null, seed: 1, ...overrides };
}

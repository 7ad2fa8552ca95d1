/**
 * `multirank compare`: trains, on one config's split and seed, each task alone, a shared bottom,
 * MMoE and PLE, and measures each head's held-out metric in each, so a user sees where sharing
 * helps a head (positive transfer) and where it hurts (negative transfer) before choosing an
 * architecture.
 *
 * A single-task model is the config with only that task and a shared-bottom network (with one
 * head there is nothing to gate); every other setting, the split and the seed are the config's.
 * Transfer is measured on the head's metric so that positive is better: AUC(multi) − AUC(single)
 * for a binary head, RMSE(single) − RMSE(multi) for a regression head.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelDef, TrainingConfig } from '../features/training-config.js';
import { train } from './trainer.js';

/** Architectures a comparison can train. */
export const COMPARED = ['single', 'shared-bottom', 'mmoe', 'ple'] as const;
export type Compared = (typeof COMPARED)[number];

/** One head's held-out metric in one model. */
export interface HeadScore {
  metric: 'auc' | 'rmse';
  value: number | null;
}

/** One trained model of the comparison (each single-task model is its own row). */
export interface ComparedModel {
  architecture: Compared;
  /** Single-task models: the one task; otherwise every task. */
  tasks: string[];
  /** Weights of the serving network. */
  parameters: number;
  bestEpoch: number;
  seconds: number;
  heads: Record<string, HeadScore>;
}

/** A head's result in a multi-task architecture against its single-task model. */
export interface Transfer {
  head: string;
  metric: 'auc' | 'rmse';
  single: number | null;
  byArchitecture: Record<string, { value: number | null; transfer: number | null }>;
}

/** The whole comparison. */
export interface ComparisonReport {
  seed: number;
  models: ComparedModel[];
  transfer: Transfer[];
}

/** Options of compareArchitectures. */
export interface CompareOptions {
  architectures?: readonly Compared[];
  log?: (line: string) => void;
}

const withModel = (config: TrainingConfig, architecture: ModelDef['architecture'], tasks = config.tasks) => ({
  ...config,
  tasks,
  model: { ...config.model, architecture },
});

/** Trains every compared model on `config`'s data and returns the per-head comparison. */
export async function compareArchitectures(
  config: TrainingConfig,
  options: CompareOptions = {},
): Promise<ComparisonReport> {
  const log = options.log ?? (() => undefined);
  const chosen = options.architectures ?? COMPARED;
  const scratch = await mkdtemp(join(tmpdir(), 'multirank-compare-'));
  const models: ComparedModel[] = [];
  try {
    const runs: { architecture: Compared; config: TrainingConfig }[] = [];
    if (chosen.includes('single')) {
      for (const task of config.tasks) {
        runs.push({ architecture: 'single', config: withModel(config, 'shared-bottom', [task]) });
      }
    }
    for (const architecture of ['shared-bottom', 'mmoe', 'ple'] as const) {
      if (chosen.includes(architecture)) runs.push({ architecture, config: withModel(config, architecture) });
    }
    for (const [i, run] of runs.entries()) {
      const tasks = run.config.tasks.map((t) => t.name);
      log(`[${i + 1}/${runs.length}] ${run.architecture} (${tasks.join(', ')})`);
      const started = performance.now();
      const report = await train(run.config, { outDir: join(scratch, `model-${i}`), log: () => undefined });
      const heads: Record<string, HeadScore> = {};
      for (const head of report.validation.heads) {
        const metric = head.kind === 'binary' ? 'auc' : 'rmse';
        heads[head.name] = { metric, value: head.model[metric] ?? null };
      }
      models.push({
        architecture: run.architecture,
        tasks,
        parameters: report.parameters,
        bestEpoch: report.bestEpoch,
        seconds: Math.round((performance.now() - started) / 100) / 10,
        heads,
      });
      await rm(join(scratch, `model-${i}`), { recursive: true, force: true });
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return { seed: config.training.seed, models, transfer: transfers(config, models) };
}

function transfers(config: TrainingConfig, models: ComparedModel[]): Transfer[] {
  return config.tasks.map((task) => {
    const single = models.find((m) => m.architecture === 'single' && m.tasks[0] === task.name);
    const metric: 'auc' | 'rmse' = task.kind === 'binary' ? 'auc' : 'rmse';
    const singleValue = single?.heads[task.name]?.value ?? null;
    const byArchitecture: Transfer['byArchitecture'] = {};
    for (const model of models) {
      if (model.architecture === 'single') continue;
      const value = model.heads[task.name]?.value ?? null;
      const gain =
        value === null || singleValue === null
          ? null
          : metric === 'auc'
            ? value - singleValue
            : singleValue - value;
      byArchitecture[model.architecture] = { value, transfer: gain };
    }
    return { head: task.name, metric, single: singleValue, byArchitecture };
  });
}

/**
 * What an offline evaluation opens before scoring: the bundle with the data section of the
 * config it was trained from (and a probe on its gates), the tables to join (the bundle's or
 * overrides), the ground truth and the baseline log. Every path is checked here, so a typo fails
 * in a second, not after the bundle has scored a million rows.
 */
import { existsSync } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ioError } from '../data/errors.js';
import { loadTable } from '../data/tables.js';
import { DEFAULT_ENGINE_OPTIONS, type EngineOptions, openEngine } from '../engine/open-engine.js';
import type { ModelEngine } from '../engine/types.js';
import { MultirankError } from '../errors.js';
import type { JoinTables } from '../features/rows.js';
import type { DataDef, ModelDef, TableRef, TrainingConfig } from '../features/training-config.js';
import { loadBundle, type ModelBundle } from '../model/bundle.js';
import { bundleTablePath } from '../model/bundle-config.js';
import { layerSafe } from '../model/graph.js';
import { taskGateNames } from '../model/mixture.js';

/** A loaded bundle with the parts of its training config that evaluation needs. */
export interface EvaluationModel {
  bundle: ModelBundle;
  data: DataDef;
  architecture: ModelDef['architecture'] | null;
  /** Per-head gate outputs of an MMoE or PLE serving graph; null when it has no gates (shared-bottom). */
  gates: tf.LayersModel | null;
  /** PLE: how many of each gate's experts (the first ones) are the head's own; null otherwise. */
  ownExperts: number | null;
  /** What scores the rows: ONNX Runtime as serving runs it, or TF.js (engine/open-engine.ts). */
  engine: ModelEngine;
  /** Why the engine is not ONNX, when `auto` fell back. */
  warnings: string[];
}

/**
 * A probe over the serving graph's `gate_<head>` layers (PLE: its last level's); null unless every
 * head has one.
 */
function gateProbe(model: tf.LayersModel, heads: readonly string[]): tf.LayersModel | null {
  const names = heads.map((head) => taskGateNames(layerSafe(head)).gate);
  const layers = names.map((name) => model.layers.find((l) => l.name === name));
  if (layers.length === 0 || layers.some((l) => l === undefined)) return null;
  const outputs = layers.map((layer) => layer!.output as tf.SymbolicTensor);
  return tf.model({ inputs: model.inputs, outputs, name: 'multirank_gate_probe' });
}

/**
 * Loads and verifies a bundle and opens its engine as serving would; any failure (even one
 * inside TF.js) becomes a clear error naming the folder.
 */
export async function openEvaluationModel(
  dir: string,
  engineOptions: EngineOptions = DEFAULT_ENGINE_OPTIONS,
): Promise<EvaluationModel> {
  try {
    const bundle = await loadBundle(dir);
    const config = JSON.parse(
      await readFile(join(dir, 'training-config.json'), 'utf8'),
    ) as Partial<TrainingConfig>;
    if (typeof config?.data !== 'object' || config.data === null)
      throw new Error('training-config.json has no data section');
    const heads = bundle.fitted.tasks.map((t) => t.name);
    const gates = bundle.model ? gateProbe(bundle.model, heads) : null;
    const { engine, warnings } = await openEngine(bundle, engineOptions);
    return {
      bundle,
      data: config.data,
      architecture: config.model?.architecture ?? null,
      gates,
      // A config naming ple was written with taskExperts; 1 is its default.
      ownExperts: config.model?.architecture === 'ple' ? (config.model.taskExperts ?? 1) : null,
      engine,
      warnings,
    };
  } catch (error) {
    if (error instanceof MultirankError) throw error;
    throw new MultirankError('BAD_REQUEST', `model bundle ${dir}: cannot load: ${(error as Error).message}`);
  }
}

/** Paths given on top of the bundle's defaults; groundTruth undefined means "ground_truth.jsonl next to data, if present". */
export interface EvaluationFiles {
  data: string;
  items?: string | null;
  users?: string | null;
  groundTruth?: string | false;
  baselineLog?: string | null;
}

/** The resolved inputs: tables loaded, every path checked. */
export interface EvaluationInputs {
  data: string;
  tables: JoinTables;
  tablePaths: { users: string | null; items: string | null };
  groundTruth: string | null;
  baselineLog: string | null;
}

async function readable(path: string): Promise<string> {
  await access(path).catch((error: unknown) => {
    throw ioError(path, error);
  });
  return path;
}

async function openTable(
  bundleDir: string,
  side: 'users' | 'items',
  configured: TableRef | null,
  override: string | null | undefined,
): Promise<{ path: string | null; table: JoinTables['users'] }> {
  if (!configured) {
    if (override) {
      throw new MultirankError(
        'BAD_REQUEST',
        `the model has no ${side} table (its ${side.slice(0, -1)} features read the log row); drop the ${side} file`,
      );
    }
    return { path: null, table: null };
  }
  if (!override && !configured.path) {
    throw new MultirankError('BAD_REQUEST', `the model bundle carries no ${side} table: pass --${side} FILE`);
  }
  const path = await readable(override ?? bundleTablePath(bundleDir, configured.path, side, existsSync));
  const format = override ? null : configured.format;
  return { path, table: await loadTable(path, configured.key, { format }) };
}

/** Checks the files and loads the tables the bundle joins onto its log. */
export async function openEvaluationInputs(
  model: EvaluationModel,
  files: EvaluationFiles,
): Promise<EvaluationInputs> {
  const data = await readable(files.data);
  const beside = join(dirname(files.data), 'ground_truth.jsonl');
  const groundTruth =
    files.groundTruth === false
      ? null
      : files.groundTruth !== undefined
        ? await readable(files.groundTruth)
        : await access(beside).then(
            () => beside,
            () => null,
          );
  const baselineLog = files.baselineLog ? await readable(files.baselineLog) : null;
  const [users, items] = await Promise.all([
    openTable(model.bundle.dir, 'users', model.data.users, files.users),
    openTable(model.bundle.dir, 'items', model.data.items, files.items),
  ]);
  return {
    data,
    tables: { users: users.table, items: items.table },
    tablePaths: { users: users.path, items: items.path },
    groundTruth,
    baselineLog,
  };
}

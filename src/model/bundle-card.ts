/**
 * A bundle's card: what the dashboard's model page shows, read from the bundle's own files without
 * loading the network. The manifest is required; everything else is shown when present:
 * metrics.json (training: validation per head against the popularity baseline, curves, gates, task
 * weights), training-config.json (data, split, architecture), and three reports a bundle may carry
 * beside its hashed files, written there by the CLI: evaluation.json (`multirank evaluate --out`:
 * calibration), sweep.json (`multirank evaluate --sweep --out`: the weight trade-off) and
 * transfer.json (`multirank compare --out`). Files are not hash-checked here: activation does that.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MultirankError } from '../errors.js';
import { BUNDLE_FORMAT, type BundleManifest, ONNX_FILE } from './bundle.js';

/** The reports a bundle may carry beside its hashed files, by card field. */
export const CARD_REPORT_FILES = {
  evaluation: 'evaluation.json',
  sweep: 'sweep.json',
  transfer: 'transfer.json',
} as const;

/** The training config's parts a card shows (paths are the bundle's own, see bundle-config.ts). */
export interface CardTraining {
  data: unknown;
  tasks: unknown;
  model: unknown;
  training: unknown;
}

/** What readBundleCard returns; each optional file is null when the bundle lacks it. */
export interface BundleCard {
  manifest: BundleManifest;
  files: { tfjs: boolean; onnx: boolean };
  metrics: unknown;
  training: CardTraining | null;
  evaluation: unknown;
  sweep: unknown;
  transfer: unknown;
}

/** A JSON file of the bundle, null when absent; unreadable JSON is a BAD_REQUEST naming the file only. */
async function optionalJson(dir: string, file: string, version: string): Promise<unknown> {
  const path = join(dir, file);
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new MultirankError(
      'BAD_REQUEST',
      `model ${version}: cannot read ${file}: ${(error as Error).message}`,
    );
  }
}

/** The card of the bundle in `dir` (named `version` in messages, never by its path). */
export async function readBundleCard(dir: string, version: string): Promise<BundleCard> {
  const manifest = (await optionalJson(dir, 'manifest.json', version)) as BundleManifest | null;
  if (manifest === null) throw new MultirankError('NOT_FOUND', `version: no model "${version}"`);
  if (manifest.format !== BUNDLE_FORMAT)
    throw new MultirankError('BAD_REQUEST', `model ${version}: manifest format is not ${BUNDLE_FORMAT}`);
  const [metrics, config, evaluation, sweep, transfer] = await Promise.all([
    optionalJson(dir, 'metrics.json', version),
    optionalJson(dir, 'training-config.json', version),
    optionalJson(dir, CARD_REPORT_FILES.evaluation, version),
    optionalJson(dir, CARD_REPORT_FILES.sweep, version),
    optionalJson(dir, CARD_REPORT_FILES.transfer, version),
  ]);
  const c = config as Partial<CardTraining> | null;
  return {
    manifest,
    files: { tfjs: existsSync(join(dir, 'model.json')), onnx: existsSync(join(dir, ONNX_FILE)) },
    metrics,
    training: c
      ? { data: c.data ?? null, tasks: c.tasks ?? null, model: c.model ?? null, training: c.training ?? null }
      : null,
    evaluation,
    sweep,
    transfer,
  };
}

/**
 * Model bundles: a folder holding everything serving needs, and nothing it does not.
 *   model.json + weights.bin   the serving graph in TensorFlow.js layers format
 *   features.json              the fitted feature spec (vocabularies, statistics)
 *   training-config.json       the config the model was trained from
 *   metrics.json               held-out metrics against the popularity baseline
 *   manifest.json              format, name, heads, creation time and a content hash
 *   items.jsonl, users.jsonl   the training tables cut to the model's columns (serving-tables.ts)
 * The hash (SHA-256 over the other files) lets serving refuse a bundle that was altered or
 * half-copied, and names a model version unambiguously.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Table } from '../data/tables.js';
import { MultirankError } from '../errors.js';
import { type FittedFeatures, parseFittedFeatures } from '../features/fitted.js';
import { writeServingTables } from './serving-tables.js';

/** Format tag of manifest.json. */
export const BUNDLE_FORMAT = 'multirank.bundle/1';
const HASHED_FILES = ['model.json', 'weights.bin', 'features.json', 'training-config.json', 'metrics.json'];

/** manifest.json. */
export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  name: string;
  createdAt: string;
  heads: { name: string; kind: 'binary' | 'regression'; group: string }[];
  contentHash: string;
}

/** A loaded bundle. */
export interface ModelBundle {
  dir: string;
  manifest: BundleManifest;
  model: tf.LayersModel;
  fitted: FittedFeatures;
  metrics: unknown;
}

/** What saveBundle writes. */
export interface BundleContents {
  name: string;
  model: tf.LayersModel;
  fitted: FittedFeatures;
  trainingConfig: unknown;
  metrics: unknown;
  /** Training's item and user tables; the columns the model reads are kept as items.jsonl / users.jsonl. */
  tables?: { items: Table | null; users: Table | null };
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

async function hashFiles(dir: string): Promise<string> {
  // Read in parallel (a hot swap loads under traffic, where each sequential await queues), hash in order.
  const contents = await Promise.all(HASHED_FILES.map((file) => readFile(join(dir, file))));
  const hash = createHash('sha256');
  HASHED_FILES.forEach((file, k) => {
    hash.update(`${file}\n`);
    hash.update(contents[k]!);
  });
  return `sha256:${hash.digest('hex')}`;
}

/** Writes a bundle to `dir` atomically: into a sibling temp folder first, then renamed into place. */
export async function saveBundle(dir: string, contents: BundleContents): Promise<BundleManifest> {
  const staging = `${dir}.tmp-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await contents.model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = artifacts.weightData instanceof ArrayBuffer ? artifacts.weightData : new ArrayBuffer(0);
      const modelJson = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
      };
      await writeFile(join(staging, 'model.json'), json(modelJson));
      await writeFile(join(staging, 'weights.bin'), Buffer.from(weights));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  await writeFile(join(staging, 'features.json'), json(contents.fitted));
  await writeFile(join(staging, 'training-config.json'), json(contents.trainingConfig));
  await writeFile(join(staging, 'metrics.json'), json(contents.metrics));
  if (contents.tables) await writeServingTables(staging, contents.fitted, contents.tables);
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    name: contents.name,
    createdAt: new Date().toISOString(),
    heads: contents.fitted.tasks.map((t) => ({ name: t.name, kind: t.kind, group: t.group })),
    contentHash: await hashFiles(staging),
  };
  await writeFile(join(staging, 'manifest.json'), json(manifest));
  await rm(dir, { recursive: true, force: true });
  await rename(staging, dir);
  return manifest;
}

async function readJson(dir: string, file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(join(dir, file), 'utf8'));
  } catch (error) {
    throw new MultirankError(
      'BAD_REQUEST',
      `model bundle ${dir}: cannot read ${file}: ${(error as Error).message}`,
    );
  }
}

/** Loads and verifies a bundle; a missing file or a hash mismatch is a clear error. */
export async function loadBundle(dir: string): Promise<ModelBundle> {
  const manifest = (await readJson(dir, 'manifest.json')) as BundleManifest;
  if (manifest?.format !== BUNDLE_FORMAT) {
    throw new MultirankError('BAD_REQUEST', `model bundle ${dir}: manifest format is not ${BUNDLE_FORMAT}`);
  }
  const actual = await hashFiles(dir).catch((error: Error) => {
    throw new MultirankError('BAD_REQUEST', `model bundle ${dir}: ${error.message}`);
  });
  if (actual !== manifest.contentHash) {
    throw new MultirankError(
      'BAD_REQUEST',
      `model bundle ${dir}: content hash mismatch (files changed after training)`,
    );
  }
  const modelJson = (await readJson(dir, 'model.json')) as {
    modelTopology: object;
    weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[];
  };
  const weights = await readFile(join(dir, 'weights.bin'));
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    }),
  );
  const fitted = parseFittedFeatures(await readJson(dir, 'features.json'));
  return { dir, manifest, model, fitted, metrics: await readJson(dir, 'metrics.json') };
}

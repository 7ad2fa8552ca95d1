/**
 * Model bundles: a folder holding everything serving needs, and nothing it does not.
 *   model.json + weights.bin   the serving graph in TensorFlow.js layers format
 *   model.onnx                 the same network as an ONNX graph, what serving runs (docs/onnx.md)
 *   features.json              the fitted feature spec (vocabularies, statistics)
 *   training-config.json       the config the model was trained from
 *   metrics.json               held-out metrics against the popularity baseline
 *   manifest.json              format, name, heads, creation time and a content hash
 *   items.jsonl, users.jsonl   the training tables cut to the model's columns (serving-tables.ts)
 * The hash (SHA-256 over the other files) lets serving refuse a bundle that was altered or
 * half-copied, and names a model version unambiguously.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Table } from '../data/tables.js';
import { MultirankError } from '../errors.js';
import { type FittedFeatures, parseFittedFeatures } from '../features/fitted.js';
import { portableTrainingConfig } from './bundle-config.js';
import { SERVING_TABLE_FILES, writeServingTables } from './serving-tables.js';

/** Format tag of manifest.json. */
export const BUNDLE_FORMAT = 'multirank.bundle/1';
/**
 * The files the content hash covers, in hash order. A bundle has features.json, and the TF.js
 * model (model.json + weights.bin), the ONNX graph (model.onnx, hashed last: bundles from before
 * it have none) or both; a network trained elsewhere comes as ONNX only (docs/onnx.md).
 */
const HASHED_FILES = [
  'model.json',
  'weights.bin',
  'features.json',
  'training-config.json',
  'metrics.json',
  'model.onnx',
];
/** The ONNX graph's file. */
export const ONNX_FILE = 'model.onnx';

/** The hashed files `dir` must have: features.json, and weights.bin whenever model.json is there. */
function requiredFiles(dir: string): string[] {
  if (existsSync(join(dir, 'model.json'))) return ['model.json', 'weights.bin', 'features.json'];
  if (existsSync(join(dir, ONNX_FILE))) return ['features.json'];
  throw new MultirankError('BAD_REQUEST', `model bundle ${dir}: no model.json or model.onnx`);
}

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
  /** The TF.js serving graph, or null for a network trained elsewhere and brought as ONNX. */
  model: tf.LayersModel | null;
  /** The serving network as ONNX (model.onnx), or null for a bundle written before it existed. */
  onnx: Uint8Array | null;
  fitted: FittedFeatures;
  /** metrics.json, or null when the bundle has none (a network brought from elsewhere). */
  metrics: unknown;
}

/** What saveBundle writes. */
export interface BundleContents {
  name: string;
  model: tf.LayersModel;
  fitted: FittedFeatures;
  trainingConfig: unknown;
  metrics: unknown;
  /** The serving network exported to ONNX (engine/onnx), written as model.onnx. */
  onnx?: Uint8Array;
  /** Training's item and user tables; the columns the model reads are kept as items.jsonl / users.jsonl. */
  tables?: { items: Table | null; users: Table | null };
}

/** JSON as the bundle's files hold it: indented, with a final newline. */
export const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** SHA-256 over the bundle's hashed files, each preceded by its name; a missing required file throws. */
export async function hashFiles(dir: string): Promise<string> {
  const required = requiredFiles(dir);
  const files = HASHED_FILES.filter((file) => required.includes(file) || existsSync(join(dir, file)));
  // Read in parallel (a hot swap loads under traffic, where each sequential await queues), hash in order.
  const contents = await Promise.all(files.map((file) => readFile(join(dir, file))));
  const hash = createHash('sha256');
  files.forEach((file, k) => {
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
  await writeFile(join(staging, 'metrics.json'), json(contents.metrics));
  if (contents.onnx) await writeFile(join(staging, ONNX_FILE), contents.onnx);
  if (contents.tables) await writeServingTables(staging, contents.fitted, contents.tables);
  // Paths only into the bundle itself: it must work wherever it is copied (bundle-config.ts).
  const carried = {
    items: existsSync(join(staging, SERVING_TABLE_FILES.item)),
    users: existsSync(join(staging, SERVING_TABLE_FILES.user)),
  };
  await writeFile(
    join(staging, 'training-config.json'),
    json(portableTrainingConfig(contents.trainingConfig, carried)),
  );
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

/** A bundle's JSON file; an unreadable one is a BAD_REQUEST naming the bundle and the file. */
export async function readJson(dir: string, file: string): Promise<unknown> {
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
    if (error instanceof MultirankError) throw error;
    throw new MultirankError('BAD_REQUEST', `model bundle ${dir}: ${error.message}`);
  });
  if (actual !== manifest.contentHash) {
    throw new MultirankError(
      'BAD_REQUEST',
      `model bundle ${dir}: content hash mismatch (files changed after training)`,
    );
  }
  const model = existsSync(join(dir, 'model.json')) ? await loadTfjsModel(dir) : null;
  const fitted = parseFittedFeatures(await readJson(dir, 'features.json'));
  const onnxPath = join(dir, ONNX_FILE);
  const onnx = existsSync(onnxPath) ? new Uint8Array(await readFile(onnxPath)) : null;
  const metrics = existsSync(join(dir, 'metrics.json')) ? await readJson(dir, 'metrics.json') : null;
  return { dir, manifest, model, onnx, fitted, metrics };
}

async function loadTfjsModel(dir: string): Promise<tf.LayersModel> {
  const modelJson = (await readJson(dir, 'model.json')) as {
    modelTopology: object;
    weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[];
  };
  const weights = await readFile(join(dir, 'weights.bin'));
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    }),
  );
}

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
import { writeServingTables } from './serving-tables.js';

/** Format tag of manifest.json. */
export const BUNDLE_FORMAT = 'multirank.bundle/1';
const HASHED_FILES = ['model.json', 'weights.bin', 'features.json', 'training-config.json', 'metrics.json'];
/** The ONNX graph's file; hashed after the others when present (bundles from before it have none). */
export const ONNX_FILE = 'model.onnx';

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
  /** The serving network as ONNX (model.onnx), or null for a bundle written before it existed. */
  onnx: Uint8Array | null;
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
  /** The serving network exported to ONNX (engine/onnx), written as model.onnx. */
  onnx?: Uint8Array;
  /** Training's item and user tables; the columns the model reads are kept as items.jsonl / users.jsonl. */
  tables?: { items: Table | null; users: Table | null };
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

async function hashFiles(dir: string): Promise<string> {
  const files = existsSync(join(dir, ONNX_FILE)) ? [...HASHED_FILES, ONNX_FILE] : HASHED_FILES;
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
  await writeFile(join(staging, 'training-config.json'), json(contents.trainingConfig));
  await writeFile(join(staging, 'metrics.json'), json(contents.metrics));
  if (contents.onnx) await writeFile(join(staging, ONNX_FILE), contents.onnx);
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
  const onnxPath = join(dir, ONNX_FILE);
  const onnx = existsSync(onnxPath) ? new Uint8Array(await readFile(onnxPath)) : null;
  return { dir, manifest, model, onnx, fitted, metrics: await readJson(dir, 'metrics.json') };
}

/**
 * Sets (or, with null, removes) the ONNX graph of an existing bundle and re-seals its hash:
 * model.onnx first, then manifest.json, each written beside and renamed into place, so a reader
 * sees the old bundle or the new one (between the two renames a load fails its hash check
 * rather than serving a mismatched pair). The caller verifies the bundle first (loadBundle).
 */
export async function setBundleOnnx(dir: string, onnx: Uint8Array | null): Promise<BundleManifest> {
  const manifest = (await readJson(dir, 'manifest.json')) as BundleManifest;
  const temp = (file: string) => join(dir, `.${file}.tmp-${process.pid}`);
  if (onnx === null) {
    await rm(join(dir, ONNX_FILE), { force: true });
  } else {
    await writeFile(temp(ONNX_FILE), onnx);
    await rename(temp(ONNX_FILE), join(dir, ONNX_FILE));
  }
  const sealed: BundleManifest = { ...manifest, contentHash: await hashFiles(dir) };
  await writeFile(temp('manifest.json'), json(sealed));
  await rename(temp('manifest.json'), join(dir, 'manifest.json'));
  return sealed;
}

/**
 * Putting an ONNX graph into a bundle after training: `multirank export` for bundles trained
 * before bundles carried one, and for networks trained elsewhere, which arrive as model.onnx next
 * to a features.json (docs/onnx.md, "bringing your own network") and get their manifest here.
 */
import { existsSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseFittedFeatures } from '../features/fitted.js';
import { BUNDLE_FORMAT, type BundleManifest, hashFiles, json, ONNX_FILE, readJson } from './bundle.js';

/**
 * Sets (or, with null, removes) the ONNX graph of a bundle and re-seals its hash: model.onnx
 * first, then manifest.json, each written beside and renamed into place, so a reader sees the old
 * bundle or the new one (between the two renames a load fails its hash check rather than serving
 * a mismatched pair). A folder without a manifest gets one: its heads come from features.json.
 */
export async function setBundleOnnx(dir: string, onnx: Uint8Array | null): Promise<BundleManifest> {
  const manifest = existsSync(join(dir, 'manifest.json'))
    ? ((await readJson(dir, 'manifest.json')) as BundleManifest)
    : await newManifest(dir);
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

/** The manifest of a folder brought without one: named after the folder, heads from features.json. */
async function newManifest(dir: string): Promise<BundleManifest> {
  const fitted = parseFittedFeatures(await readJson(dir, 'features.json'));
  return {
    format: BUNDLE_FORMAT,
    name: basename(resolve(dir)),
    createdAt: new Date().toISOString(),
    heads: fitted.tasks.map((t) => ({ name: t.name, kind: t.kind, group: t.group })),
    contentHash: '',
  };
}

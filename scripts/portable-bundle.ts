/**
 * Makes a bundle written before bundles were portable portable: rewrites its training-config.json
 * (table paths into the bundle, the log's path dropped; src/model/bundle-config.ts) and re-seals
 * its content hash. Used once for models/default.
 *
 *   npx tsx scripts/portable-bundle.ts models/default
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { json } from '../src/model/bundle.js';
import { portableTrainingConfig } from '../src/model/bundle-config.js';
import { setBundleOnnx } from '../src/model/bundle-onnx.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: tsx scripts/portable-bundle.ts BUNDLE_DIR');
const file = join(dir, 'training-config.json');
const carried = { items: existsSync(join(dir, 'items.jsonl')), users: existsSync(join(dir, 'users.jsonl')) };
await writeFile(file, json(portableTrainingConfig(JSON.parse(await readFile(file, 'utf8')), carried)));
// Setting the graph it already has re-seals the hash over the rewritten config.
const manifest = await setBundleOnnx(dir, new Uint8Array(await readFile(join(dir, 'model.onnx'))));
console.log(`${dir}: training-config.json made portable; content hash ${manifest.contentHash}`);

/** `multirank export`: adds model.onnx to a bundle without one, re-seals it, and serves it on ONNX. */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/tfjs-backend.js';
import { loadBundle } from '../../src/model/bundle.js';
import { setBundleOnnx } from '../../src/model/bundle-onnx.js';
import { loadServedModel } from '../../src/ranking/served-model.js';
import { runCliInProcess } from '../helpers/cli-in-process.js';
import { DEFAULT_MODEL_DIR } from '../helpers/serving.js';

let scratch = '';
beforeAll(async () => {
  await selectBackend('wasm');
  scratch = mkdtempSync(join(tmpdir(), 'multirank-export-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('multirank export', () => {
  it('adds the ONNX graph to a bundle trained without one; the hash covers it and serving runs it', async () => {
    const dir = join(scratch, 'old');
    cpSync(DEFAULT_MODEL_DIR, dir, { recursive: true });
    await setBundleOnnx(dir, null);
    expect((await loadBundle(dir)).onnx).toBeNull();

    const cli = await runCliInProcess(['export', '--model', dir]);
    expect(cli.error, cli.stderr).toBeUndefined();
    expect(cli.stdout).toMatch(/old\/model\.onnx: [\d.]+ KiB; content hash sha256:[0-9a-f]{64}/);

    const bundle = await loadBundle(dir);
    const shipped = await loadBundle(DEFAULT_MODEL_DIR);
    // The export is deterministic: the same model gives the shipped bundle's bytes and hash.
    expect(Buffer.from(bundle.onnx ?? [])).toEqual(Buffer.from(shipped.onnx ?? []));
    expect(bundle.manifest.contentHash).toBe(shipped.manifest.contentHash);
    const served = await loadServedModel(dir, { engine: 'onnx', onnxThreads: 1 });
    expect(served.engine).toBe('onnx');
    served.dispose();
  });

  it('refuses a folder that is not a bundle, naming it', async () => {
    const cli = await runCliInProcess(['export', '--model', join(scratch, 'nothing')]);
    expect(cli.error?.exitCode).toBe(1);
    expect(cli.stderr).toMatch(/error: model bundle .*nothing: cannot read manifest\.json/);
  });
});

/**
 * `multirank export --model DIR`: adds the ONNX graph (model.onnx) to a bundle trained before
 * bundles carried one, the shipped models/default included, and re-seals the content hash. The
 * result is loaded on ONNX Runtime and checked against the TF.js model before the command says
 * it worked; a graph that disagrees is taken out again.
 *
 * `--onnx FILE` brings a network trained elsewhere instead: FILE goes into DIR (which holds its
 * features.json, and may hold items.jsonl, users.jsonl, candidates/), a manifest is written, and
 * the graph must follow the ONNX contract of those features (docs/onnx.md).
 */
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { exportOnnx } from '../../engine/onnx/export.js';
import { selectBackend } from '../../engine/tfjs-backend.js';
import { MultirankError } from '../../errors.js';
import { loadBundle, ONNX_FILE } from '../../model/bundle.js';
import { setBundleOnnx } from '../../model/bundle-onnx.js';
import { loadServedModel } from '../../ranking/served-model.js';
import { backendFromEnv, engineFromEnv } from '../flags.js';

interface ExportFlags {
  model: string;
  onnx?: string;
}

/** The graph to put into the bundle: exported from its TF.js model, or read from --onnx. */
async function graphFor(flags: ExportFlags): Promise<{ onnx: Uint8Array; previous: Uint8Array | null }> {
  if (flags.onnx !== undefined) {
    const onnx = await readFile(flags.onnx).catch((error: Error) => {
      throw new MultirankError('BAD_REQUEST', `--onnx ${flags.onnx}: cannot read: ${error.message}`);
    });
    const path = join(flags.model, ONNX_FILE);
    const previous = existsSync(path) ? new Uint8Array(await readFile(path)) : null;
    return { onnx: new Uint8Array(onnx), previous };
  }
  const bundle = await loadBundle(flags.model);
  if (bundle.model === null) {
    throw new MultirankError(
      'BAD_REQUEST',
      `model bundle ${flags.model}: no TF.js model (model.json) to export; bring a graph with --onnx FILE`,
    );
  }
  const onnx = exportOnnx(bundle.model);
  bundle.model.dispose();
  return { onnx, previous: bundle.onnx };
}

/** Registers the export verb. */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      'add the ONNX graph (model.onnx) to a model bundle, checked before it is kept (docs/onnx.md)',
    )
    .requiredOption(
      '-m, --model <dir>',
      'model bundle directory (rewritten in place: model.onnx, manifest.json)',
    )
    .option(
      '--onnx <file>',
      'a network trained elsewhere, following the ONNX contract of <dir>/features.json',
    )
    .action(async (flags: ExportFlags, command: Command) => {
      try {
        await selectBackend(backendFromEnv());
        const { onnx, previous } = await graphFor(flags);
        const hadManifest = existsSync(join(flags.model, 'manifest.json'));
        const manifest = await setBundleOnnx(flags.model, onnx);
        try {
          // Loading on ONNX checks the contract, and the TF.js model's answers when there is one.
          const served = await loadServedModel(flags.model, { ...engineFromEnv(), engine: 'onnx' });
          served.dispose();
        } catch (error) {
          // Leave the folder as it was: the previous graph back, or no graph and no new manifest.
          if (previous !== null || existsSync(join(flags.model, 'model.json')))
            await setBundleOnnx(flags.model, previous);
          else await rm(join(flags.model, ONNX_FILE), { force: true });
          if (!hadManifest) await rm(join(flags.model, 'manifest.json'), { force: true });
          throw error;
        }
        process.stderr.write(
          `export: ${flags.onnx ? 'follows the contract of features.json' : 'checked against the TF.js model'} on ONNX Runtime\n`,
        );
        process.stdout.write(
          `${flags.model}/model.onnx: ${(onnx.byteLength / 1024).toFixed(1)} KiB; content hash ${manifest.contentHash}\n`,
        );
      } catch (error) {
        if (error instanceof MultirankError)
          command.showHelpAfterError(false).error(`error: ${error.message}`);
        throw error;
      }
    });
}

/**
 * `multirank export --model DIR`: adds the ONNX graph (model.onnx) to a bundle trained before
 * bundles carried one, the shipped models/default included, and re-seals the content hash. The
 * result is loaded on ONNX Runtime and checked against the TF.js model before the command says
 * it worked; a graph that disagrees is taken out again (docs/onnx.md).
 */
import type { Command } from 'commander';
import { exportOnnx } from '../../engine/onnx/export.js';
import { selectBackend } from '../../engine/tfjs-backend.js';
import { MultirankError } from '../../errors.js';
import { loadBundle, setBundleOnnx } from '../../model/bundle.js';
import { loadServedModel } from '../../ranking/served-model.js';
import { backendFromEnv, engineFromEnv } from '../flags.js';

/** Registers the export verb. */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description('add the ONNX graph (model.onnx) to a model bundle, checked against its TF.js model')
    .requiredOption(
      '-m, --model <dir>',
      'model bundle directory (rewritten in place: model.onnx, manifest.json)',
    )
    .action(async (flags: { model: string }, command: Command) => {
      const say = (line: string) => process.stderr.write(`export: ${line}\n`);
      try {
        await selectBackend(backendFromEnv());
        const bundle = await loadBundle(flags.model);
        const previous = bundle.onnx;
        const onnx = exportOnnx(bundle.model);
        bundle.model.dispose();
        const manifest = await setBundleOnnx(flags.model, onnx);
        try {
          // Loading on ONNX runs the warm-up rows through both engines and refuses a disagreement.
          const served = await loadServedModel(flags.model, { ...engineFromEnv(), engine: 'onnx' });
          served.dispose();
        } catch (error) {
          await setBundleOnnx(flags.model, previous);
          throw error;
        }
        say(`checked against the TF.js model on ONNX Runtime`);
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

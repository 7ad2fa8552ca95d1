/** `multirank train --config FILE --out DIR`: trains a model bundle from logs. */
import type { Command } from 'commander';
import { selectBackend } from '../../../engine/tfjs-backend.js';
import { MultirankError } from '../../../errors.js';
import { loadTrainingConfig } from '../../../features/parse-config.js';
import { train } from '../../../training/trainer.js';
import { backendFromEnv } from '../../flags.js';
import { createProgress } from '../../progress.js';
import { metricsTable } from './metrics-table.js';

interface TrainFlags {
  config: string;
  out: string;
  resume: boolean;
  progress: boolean;
}

/** Registers the train verb. */
export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('train a model bundle from an interaction log (config format: docs/data.md)')
    .requiredOption('-c, --config <file>', 'training config, YAML or JSON')
    .requiredOption('-o, --out <dir>', 'bundle directory to write (replaced atomically at the end)')
    .option('--resume', 'continue from <out>.checkpoint after an interruption', false)
    .option('--no-progress', 'do not draw progress bars on stderr')
    .action(async (flags: TrainFlags, command: Command) => {
      let config: Awaited<ReturnType<typeof loadTrainingConfig>>;
      try {
        config = await loadTrainingConfig(flags.config);
      } catch (error) {
        if (error instanceof MultirankError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
          command.showHelpAfterError(false).error(`error: ${(error as Error).message}`);
        }
        throw error;
      }
      const backend = await selectBackend(backendFromEnv());
      process.stderr.write(`train: TensorFlow.js backend ${backend.backend}\n`);
      const report = await train(config, {
        outDir: flags.out,
        resume: flags.resume,
        progress: flags.progress
          ? (label, total) => createProgress({ label, unit: 'rows', ...(total ? { total } : {}) })
          : undefined,
        log: (line) => process.stderr.write(`train: ${line}\n`),
      }).catch((error: unknown) => {
        // Bad data (file:line:column) and refused resumes are the user's to fix: no stack trace.
        if (error instanceof MultirankError)
          command.showHelpAfterError(false).error(`error: ${error.message}`);
        throw error;
      });
      process.stdout.write(`${metricsTable(report.validation)}\n\n`);
      process.stdout.write(
        `best epoch ${report.bestEpoch} of ${report.history.length}; bundle ${flags.out} (${report.manifest.contentHash.slice(0, 19)}…)\n`,
      );
      if (report.skipped.total > 0) process.stdout.write(`skipped rows: ${JSON.stringify(report.skipped)}\n`);
    });
}

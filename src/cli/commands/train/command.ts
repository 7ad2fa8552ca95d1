/**
 * `multirank train --config FILE --out DIR [--candidates]`: trains a model bundle from logs and,
 * when asked, builds its candidate index into the bundle (DIR/candidates, where serving looks).
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { sourcesFromConfig } from '../../../candidates/build/from-config.js';
import { selectBackend } from '../../../engine/tfjs-backend.js';
import { MultirankError } from '../../../errors.js';
import { noBaselineReason } from '../../../evaluation/baseline.js';
import { loadTrainingConfig } from '../../../features/parse-config.js';
import type { TrainingConfig } from '../../../features/training-config.js';
import { train } from '../../../training/trainer.js';
import { backendFromEnv } from '../../flags.js';
import { createProgress } from '../../progress.js';
import { buildIndexInto } from '../candidates-build.js';
import { addColumnOptions, type ColumnFlags, chosenColumns } from '../candidates-columns.js';
import { metricsTable } from './metrics-table.js';

interface TrainFlags extends ColumnFlags {
  config: string;
  out: string;
  resume: boolean;
  progress: boolean;
  candidates: boolean;
}

/** Registers the train verb. */
export function registerTrain(program: Command): void {
  const trainCommand = program
    .command('train')
    .description('train a model bundle from an interaction log (config format: docs/data.md)')
    .requiredOption('-c, --config <file>', 'training config, YAML or JSON')
    .requiredOption('-o, --out <dir>', 'bundle directory to write (replaced atomically at the end)')
    .option('--resume', 'continue from <out>.checkpoint after an interruption', false)
    .option('--no-progress', 'do not draw progress bars on stderr')
    .option(
      '--candidates',
      "also build the bundle's candidate index (<out>/candidates) from the config's log, item table and keys",
      false,
    );
  addColumnOptions(
    trainCommand,
    'Candidate index columns, for --candidates (a flag wins over the config, which wins over the default):',
    false,
  ).action(async (flags: TrainFlags, command: Command) => {
    let config: TrainingConfig;
    let columns: ReturnType<typeof chosenColumns> | null = null;
    try {
      config = await loadTrainingConfig(flags.config);
      // Checked before training, so a config the index cannot use fails in seconds, not after the epochs.
      if (flags.candidates) columns = chosenColumns(command, flags, sourcesFromConfig(config));
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
      if (error instanceof MultirankError) command.showHelpAfterError(false).error(`error: ${error.message}`);
      throw error;
    });
    process.stdout.write(`${metricsTable(report.validation, noBaselineReason(config.data.keys.item))}\n\n`);
    process.stdout.write(
      `best epoch ${report.bestEpoch} of ${report.history.length}; bundle ${flags.out} (${report.manifest.contentHash.slice(0, 19)}…)\n`,
    );
    if (report.skipped.total > 0) process.stdout.write(`skipped rows: ${JSON.stringify(report.skipped)}\n`);
    if (columns) await buildBundleIndex(config, columns, flags, command);
  });
}

/** Builds the candidate index into the new bundle, as `candidates build --config` would. */
async function buildBundleIndex(
  config: TrainingConfig,
  columns: ReturnType<typeof chosenColumns>,
  flags: TrainFlags,
  command: Command,
): Promise<void> {
  const sources = sourcesFromConfig(config);
  const out = join(flags.out, 'candidates');
  try {
    const summary = await buildIndexInto(
      {
        logs: sources.logs,
        logFormat: sources.logFormat,
        items: sources.items,
        itemsFormat: sources.itemsFormat,
        options: columns,
      },
      out,
      flags.progress,
    );
    process.stdout.write(`${summary}\n`);
  } catch (error) {
    // The bundle is written and usable; say so, so the user rebuilds only the index.
    if (error instanceof MultirankError) {
      command
        .showHelpAfterError(false)
        .error(
          `error: candidate index: ${error.message} (the bundle ${flags.out} is written; rebuild the index with multirank candidates build --config ${flags.config} --out ${out})`,
        );
    }
    throw error;
  }
}

/**
 * `multirank candidates build (--logs FILE | --config FILE) --out DIR`: the candidate index from
 * logs (docs/candidates.md). With `--config` the log, item table and key columns come from the
 * training config; the column flags override either.
 */
import { type Command, Option } from 'commander';
import { sourcesFromConfig } from '../../candidates/build/from-config.js';
import { MultirankError } from '../../errors.js';
import { loadTrainingConfig } from '../../features/parse-config.js';
import { positiveNumber, wholeNumber } from '../flags.js';
import { buildIndexInto } from './candidates-build.js';
import { addColumnOptions, type ColumnFlags, chosenColumns } from './candidates-columns.js';

interface BuildFlags extends ColumnFlags {
  logs?: string;
  config?: string;
  out: string;
  items?: string;
  halfLifeDays: number;
  trendingHalfLifeDays: number;
  neighbours: number;
  listLength: number;
  groupOrder: 'clicks' | 'ctr';
  progress: boolean;
}

/** Registers the candidates verb and its build subcommand. */
export function registerCandidates(program: Command): void {
  const candidates = program
    .command('candidates')
    .description('candidate generation: build the index from logs');
  const build = candidates
    .command('build')
    .description('build the candidate index (co-watch, topic, creator, popular, trending, fresh, similar)')
    .option('-l, --logs <file>', "interaction log, JSONL or CSV (default: the config's data.log)")
    .option(
      '-c, --config <file>',
      "training config: its data.log, data.items, data.keys and the click task's column",
    )
    .requiredOption('-o, --out <dir>', 'index directory to write (replaced atomically at the end)')
    .option(
      '--items <file>',
      "item table with topic, creator and upload time (default: the config's data.items)",
    )
    .option(
      '--half-life-days <n>',
      'decay half-life of popular and co-watch counts',
      positiveNumber('--half-life-days'),
      14,
    )
    .option(
      '--trending-half-life-days <n>',
      'decay half-life of the trending lists',
      positiveNumber('--trending-half-life-days'),
      1,
    )
    .option('--neighbours <n>', 'co-watch and similar items kept per item', wholeNumber('--neighbours'), 100)
    .option(
      '--list-length <n>',
      'items kept per popular, trending and fresh list',
      wholeNumber('--list-length'),
      500,
    )
    .addOption(
      new Option(
        '--group-order <order>',
        'order of topic and creator members: decayed clicks or smoothed CTR',
      )
        .choices(['clicks', 'ctr'])
        .default('clicks'),
    )
    .option('--no-progress', 'do not draw the progress bar on stderr');
  addColumnOptions(build, 'Columns (a flag wins over --config, which wins over the default):', true).action(
    async (flags: BuildFlags, command: Command) => {
      try {
        const configured = flags.config ? sourcesFromConfig(await loadTrainingConfig(flags.config)) : null;
        const logs = flags.logs ?? configured?.logs;
        if (!logs)
          throw new MultirankError(
            'BAD_REQUEST',
            'give the log with --logs FILE, or a training config with --config FILE',
          );
        const useConfigFiles = configured !== null && flags.logs === undefined;
        const items = flags.items ?? (configured ? configured.items : null);
        const summary = await buildIndexInto(
          {
            logs,
            logFormat: useConfigFiles ? configured.logFormat : null,
            items,
            itemsFormat: flags.items === undefined && configured ? configured.itemsFormat : null,
            options: {
              ...chosenColumns(command, flags, configured),
              halfLifeDays: {
                popular: flags.halfLifeDays,
                cowatch: flags.halfLifeDays,
                trending: flags.trendingHalfLifeDays,
              },
              neighboursPerItem: flags.neighbours,
              listLength: flags.listLength,
              groupOrder: flags.groupOrder,
            },
          },
          flags.out,
          flags.progress,
        );
        process.stdout.write(`${summary}\n`);
      } catch (error) {
        // Bad data (file:line: column) and bad settings are the user's to fix: no stack trace, no usage dump.
        if (error instanceof MultirankError || (error as NodeJS.ErrnoException).code === 'ENOENT')
          command.showHelpAfterError(false).error(`error: ${(error as Error).message}`);
        throw error;
      }
    },
  );
}

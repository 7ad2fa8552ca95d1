/** `multirank simulate`: writes a synthetic watch-next world with known ground truth. */
import { type Command, Option } from 'commander';
import { MultirankError } from '../../errors.js';
import { prepareOutputDir } from '../../sim/output-dir.js';
import { type OutputFormat, simulate } from '../../sim/simulate.js';
import { wholeNumber } from '../flags.js';
import { createProgress, formatCount } from '../progress.js';

interface SimulateFlags {
  out: string;
  users: number;
  items: number;
  requests: number;
  seed: number;
  slateSize: number;
  format: OutputFormat;
  force: boolean;
  progress: boolean;
}

/** Registers the simulate verb. */
export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description(
      'write a synthetic YouTube-like watch-next log with known ground truth (see docs/simulator.md)',
    )
    .requiredOption('-o, --out <dir>', 'output directory (created if missing; must be empty unless --force)')
    .option('--users <n>', 'number of users', wholeNumber('--users', 1), 1000)
    .option('--items <n>', 'number of items (videos)', wholeNumber('--items', 2), 5000)
    .option(
      '--requests <n>',
      'number of requests (each shows --slate-size items)',
      wholeNumber('--requests', 1),
      10_000,
    )
    .option('--slate-size <k>', 'items shown per request', wholeNumber('--slate-size', 1), 10)
    .option(
      '--seed <s>',
      'random seed; the same seed gives byte-identical files',
      wholeNumber('--seed', 0),
      42,
    )
    .addOption(
      new Option('--format <format>', 'table format').choices(['jsonl', 'csv', 'both']).default('both'),
    )
    .option('--force', 'overwrite simulator files in a non-empty --out', false)
    .option('--no-progress', 'do not draw the progress bar on stderr')
    .action(async (flags: SimulateFlags, command: Command) => {
      if (flags.items <= flags.slateSize) {
        command.error(
          `error: --items (${flags.items}) must be greater than --slate-size (${flags.slateSize}).`,
        );
      }
      try {
        await prepareOutputDir(flags.out, flags.force);
      } catch (err) {
        if (err instanceof MultirankError) command.showHelpAfterError(false).error(`error: ${err.message}`);
        throw err;
      }
      const progress = flags.progress
        ? createProgress({ label: 'simulate', total: flags.requests, unit: 'requests' })
        : undefined;
      const result = await simulate({
        outDir: flags.out,
        users: flags.users,
        items: flags.items,
        requests: flags.requests,
        seed: flags.seed,
        slateSize: flags.slateSize,
        format: flags.format,
        progress,
      });
      const { impressions, clicks } = result.counts;
      progress?.done(`${formatCount(impressions)} impressions`);
      const ctr = impressions > 0 ? ((100 * clicks) / impressions).toFixed(1) : '0.0';
      process.stdout.write(
        `wrote ${formatCount(impressions)} impressions (CTR ${ctr}%) to ${flags.out}: ${result.files.join(', ')}\n`,
      );
    });
}

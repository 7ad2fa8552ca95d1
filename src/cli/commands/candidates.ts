/** `multirank candidates build --logs FILE --out DIR`: the candidate index from logs (docs/candidates.md). */
import { type Command, Option } from 'commander';
import { buildCandidateIndex } from '../../candidates/build/build.js';
import { writeCandidateIndex } from '../../candidates/index-io.js';
import { MultirankError } from '../../errors.js';
import { positiveNumber, wholeNumber } from '../flags.js';
import { createProgress, formatCount, formatDuration } from '../progress.js';

interface BuildFlags {
  logs: string;
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
  candidates
    .command('build')
    .description('build the candidate index (co-watch, topic, creator, popular, trending, fresh, similar)')
    .requiredOption('-l, --logs <file>', 'interaction log, JSONL or CSV')
    .requiredOption('-o, --out <dir>', 'index directory to write (replaced atomically at the end)')
    .option('--items <file>', 'item table with topic, creator_id and upload_time (JSONL or CSV)')
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
    .option('--no-progress', 'do not draw the progress bar on stderr')
    .action(async (flags: BuildFlags, command: Command) => {
      const started = performance.now();
      const progress = flags.progress ? createProgress({ label: 'candidates', unit: 'rows' }) : undefined;
      const say = (line: string) => process.stderr.write(`candidates: ${line}\n`);
      try {
        const index = await buildCandidateIndex({
          logs: flags.logs,
          items: flags.items ?? null,
          options: {
            halfLifeDays: {
              popular: flags.halfLifeDays,
              cowatch: flags.halfLifeDays,
              trending: flags.trendingHalfLifeDays,
            },
            neighboursPerItem: flags.neighbours,
            listLength: flags.listLength,
            groupOrder: flags.groupOrder,
          },
          tick: (rows) => progress?.tick(rows),
          log: (line) => {
            // The row count is final once later phases start; close the bar before logging them.
            progress?.done();
            say(line);
          },
        });
        const written = await writeCandidateIndex(flags.out, index);
        const seconds = (performance.now() - started) / 1000;
        process.stdout.write(
          `candidate index ${flags.out}: ${formatCount(index.itemIds.length)} items, ` +
            `${formatCount(index.cowatch.targets.length)} co-watch pairs, ` +
            `${formatCount(index.similar.targets.length)} similar pairs, ` +
            `${index.topicNames.length} topics, ${index.creatorNames.length} creators, ` +
            `${index.popular.size} segments; ${written.files} files, ${formatBytes(written.bytes)}; ` +
            `${formatDuration(seconds)}\n`,
        );
      } catch (error) {
        // End the progress line first, so the error starts on a line of its own.
        progress?.done();
        // Bad data (file:line: column) and bad settings are the user's to fix: no stack trace, no usage dump.
        if (error instanceof MultirankError)
          command.showHelpAfterError(false).error(`error: ${error.message}`);
        throw error;
      }
    });
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

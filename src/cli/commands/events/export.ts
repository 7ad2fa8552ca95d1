/**
 * `multirank events export --out FILE`: the stored events joined into the interaction log
 * `multirank train` reads (one row per impression; join rule in src/events/interaction-log.ts).
 */
import { rename, rm } from 'node:fs/promises';
import { extname } from 'node:path';
import { type Command, Option } from 'commander';
import { INTERACTION_COLUMNS } from '../../../data/log-schema.js';
import { openTableWriter, type TableFormat } from '../../../data/table-writer.js';
import type { FeedbackEvent } from '../../../events/event-types.js';
import { joinInteractions } from '../../../events/interaction-log.js';
import { wholeNumber } from '../../flags.js';
import { createProgress, formatCount, type Progress } from '../../progress.js';
import { eventSourceFromEnv, isoTime, windowFlagsProblem } from './source.js';

interface ExportFlags {
  out: string;
  since?: number;
  until?: number;
  format?: TableFormat;
  joinWindow: number;
  events?: string;
  progress: boolean;
}

/** Registers `events export` under an `events` command group. */
export function registerEventsExport(program: Command): void {
  const events =
    program.commands.find((c) => c.name() === 'events') ??
    program.command('events').description('stored feedback events (docs/events.md)');
  events
    .command('export')
    .description('write the stored events as an interaction log for `multirank train` (docs/events.md)')
    .requiredOption('-o, --out <file>', 'log to write (.jsonl or .csv; replaced at the end)')
    .option('--since <time>', 'impressions at or after this ISO time', isoTime('--since'))
    .option('--until <time>', 'impressions before this ISO time', isoTime('--until'))
    .addOption(
      new Option('--format <format>', 'default: from the extension of --out').choices(['jsonl', 'csv']),
    )
    .option(
      '--join-window <seconds>',
      'feedback without requestId joins an impression at most this old',
      wholeNumber('--join-window', 0),
      3600,
    )
    .option('--events <file>', 'read this JSONL event file instead of REDIS_URL / MULTIRANK_EVENTS_FILE')
    .option('--no-progress', 'do not draw the progress bar on stderr')
    .action(async (flags: ExportFlags, command: Command) => {
      const windowError = windowFlagsProblem(flags.since, flags.until);
      if (windowError) command.showHelpAfterError(false).error(`error: ${windowError}`);
      const format = flags.format ?? (extname(flags.out).toLowerCase() === '.csv' ? 'csv' : 'jsonl');
      const source = await eventSourceFromEnv(flags.events).catch((error: Error) =>
        command.showHelpAfterError(false).error(`error: ${error.message}`),
      );
      const progress = flags.progress ? createProgress({ label: 'export', unit: 'events' }) : undefined;
      const joinWindowMs = flags.joinWindow * 1000;
      try {
        const read = source.read({
          since: flags.since,
          until: flags.until === undefined ? undefined : flags.until + joinWindowMs,
        });
        const { rows, summary } = await joinInteractions(counted(read, progress), {
          joinWindowMs,
          since: flags.since,
          until: flags.until,
        });
        const partial = `${flags.out}.partial`;
        const writer = openTableWriter(partial, format, INTERACTION_COLUMNS);
        try {
          for (const row of rows) if (!writer.write(row)) await writer.drain();
          await writer.close();
        } catch (error) {
          writer.abort();
          await rm(partial, { force: true });
          throw error;
        }
        await rename(partial, flags.out);
        progress?.done(`${formatCount(summary.impressions)} impressions`);
        if (summary.skipped > 0) {
          const more = summary.skipped - summary.skippedExamples.length;
          process.stderr.write(
            `skipped (context the log cannot hold): ${summary.skippedExamples.join(', ')}${more > 0 ? ` and ${formatCount(more)} more` : ''}\n`,
          );
        }
        const skipped = `skipped ${formatCount(summary.skipped)} impression${summary.skipped === 1 ? '' : 's'} whose context the log cannot hold`;
        const onSkipped =
          summary.joinedSkipped > 0 ? `, ${formatCount(summary.joinedSkipped)} on skipped impressions` : '';
        process.stdout.write(
          `wrote ${formatCount(summary.impressions)} impressions to ${flags.out} (${format}) from ${source.description}; ` +
            `${skipped}; feedback: ${formatCount(summary.joined)} joined, ${formatCount(summary.unmatched)} without an impression${onSkipped}\n`,
        );
      } finally {
        await source.close();
      }
    });
}

/** Passes events on, ticking the progress bar every 1,000. */
async function* counted(events: AsyncIterable<FeedbackEvent>, progress: Progress | undefined) {
  let pending = 0;
  for await (const event of events) {
    if (++pending === 1000) {
      progress?.tick(pending);
      pending = 0;
    }
    yield event;
  }
  progress?.tick(pending);
}

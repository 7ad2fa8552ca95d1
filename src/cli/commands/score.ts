/**
 * `multirank score --model DIR --in FILE --out FILE`: offline batch scoring of rank requests on
 * every core, resumable, with bad rows set aside in an error file (docs/scoring.md).
 */
import { availableParallelism } from 'node:os';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { type ScoreSummary, scoreFile } from '../../batch/score-file.js';
import { describeLines, parseShard, type Shard } from '../../batch/shard.js';
import { describeProfile } from '../../combination/compile.js';
import type { DataFormat } from '../../data/read-rows.js';
import { MultirankError } from '../../errors.js';
import type { UnknownItemPolicy } from '../../ranking/types.js';
import { backendFromEnv, engineFromEnv, profileInput, wholeNumber } from '../flags.js';
import { createProgress, formatCount, formatDuration, type Progress } from '../progress.js';

interface ScoreFlags {
  model: string;
  in: string;
  out: string;
  format?: DataFormat;
  errors?: string;
  weights?: string;
  profile?: string;
  users?: string;
  unknownItems: UnknownItemPolicy;
  workers: number;
  shard?: Shard;
  force: boolean;
  progress: boolean;
}

/** `--shard I/N` as commander reports a bad flag value (naming the flag and the value given). */
function shardFlag(value: string): Shard {
  try {
    return parseShard(value, '--shard');
  } catch (error) {
    if (error instanceof MultirankError) throw new InvalidArgumentError(error.message);
    throw error;
  }
}

/** Exit code when every request of the run failed (nothing was scored). */
export const EXIT_ALL_FAILED = 2;

const counted = (n: number, noun: string): string => `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;

function summaryLine(flags: ScoreFlags, errors: string, summary: ScoreSummary, seconds: number): string {
  const unknown = summary.unknown > 0 ? `, ${counted(summary.unknown, 'unknown item')}` : '';
  const resumed = summary.after > 0 ? ` (resumed after line ${formatCount(summary.after)})` : '';
  const failed =
    summary.failed > 0
      ? `; ${formatCount(summary.failed)} requests failed, see ${errors}`
      : '; no request failed';
  return (
    `scored ${counted(summary.requests - summary.failed, 'request')} (${counted(summary.candidates, 'candidate')}${unknown}) ` +
    `of ${flags.in} into ${flags.out}${resumed} in ${formatDuration(seconds)}${failed}\n`
  );
}

/** Registers the score verb. */
export function registerScore(program: Command): void {
  program
    .command('score')
    .description('score a file of rank requests offline on every core, resumably (see docs/scoring.md)')
    .requiredOption('-m, --model <dir>', 'model bundle directory')
    .requiredOption('-i, --in <file>', 'rank requests, one a line: JSONL or CSV')
    .requiredOption('-o, --out <file>', 'scored rows, one per candidate: .jsonl or .csv')
    .addOption(
      new Option('--format <format>', 'input format (default: from the extension)').choices(['jsonl', 'csv']),
    )
    .option('--errors <file>', 'failed requests as JSONL (default: <out>.errors.jsonl)')
    .option(
      '--weights <weights>',
      'head weights of the score, e.g. click=1,like=0.5 (default: MULTIRANK_WEIGHTS, else click=1)',
    )
    .option(
      '--profile <file>',
      'a combination profile as JSON ({form, weights, transforms}) instead of --weights',
    )
    .option('--users <file>', "user table (JSONL or CSV) instead of the bundle's users.jsonl")
    .addOption(
      new Option(
        '--unknown-items <policy>',
        'candidates missing from the item catalog: score with defaults, or fail the request',
      )
        .choices(['default', 'reject'])
        .default('default'),
    )
    .option(
      '--workers <n>',
      'scoring threads, each with its own copy of the model',
      wholeNumber('--workers'),
      availableParallelism(),
    )
    .option(
      '--shard <I/N>',
      "score only shard I of N (0-based: 0/3, 1/3, 2/3): the I-th of N runs of the input's lines",
      shardFlag,
    )
    .option('--force', 'start over instead of resuming into an existing output')
    .option('--no-progress', 'do not draw the progress bar on stderr')
    .action(async (flags: ScoreFlags, command: Command) => {
      const started = performance.now();
      const errors = flags.errors ?? `${flags.out}.errors.jsonl`;
      const say = (line: string) => process.stderr.write(`score: ${line}\n`);
      let progress: Progress | undefined;
      let candidatesSince = 0;
      let scoringStarted = started;
      try {
        const summary = await scoreFile({
          model: flags.model,
          input: flags.in,
          inputFormat: flags.format,
          out: flags.out,
          errors,
          users: flags.users ?? null,
          profile: await profileInput(flags, process.env),
          unknownItems: flags.unknownItems,
          workers: flags.workers,
          backend: backendFromEnv(),
          engine: engineFromEnv(),
          force: flags.force === true,
          shard: flags.shard ?? null,
          onStart: (start) => {
            for (const warning of start.warnings) say(`warning: ${warning}`);
            say(
              `${flags.workers} workers on the ${start.engine} engine; score = ${describeProfile(start.profile)}`,
            );
            if (flags.shard)
              say(
                `shard ${flags.shard.index}/${flags.shard.count}: ${describeLines(start.lines, start.inputLines)}`,
              );
            if (start.after > 0)
              say(
                `resuming after input line ${formatCount(start.after)} (earlier lines are in ${flags.out} or ${errors})`,
              );
            scoringStarted = performance.now();
            if (flags.progress)
              progress = createProgress({ label: 'score', unit: 'requests', total: start.linesLeft });
          },
          onProgress: (requests, candidates) => {
            candidatesSince += candidates;
            const seconds = (performance.now() - scoringStarted) / 1000;
            progress?.tick(
              requests,
              `${formatCount(candidatesSince / Math.max(seconds, 1e-3))} candidates/s`,
            );
          },
        });
        progress?.done(`${formatCount(summary.candidates)} candidates`);
        process.stdout.write(summaryLine(flags, errors, summary, (performance.now() - started) / 1000));
        if (summary.requests > 0 && summary.failed === summary.requests) process.exitCode = EXIT_ALL_FAILED;
      } catch (error) {
        progress?.done();
        // Bad data and bad settings are the user's to fix: no stack trace, no usage dump.
        if (error instanceof MultirankError)
          command.showHelpAfterError(false).error(`error: ${error.message}`);
        throw error;
      }
    });
}

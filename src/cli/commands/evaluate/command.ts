/**
 * `multirank evaluate --data FILE [--model DIR] [--candidates DIR]`: offline metrics of a model
 * bundle on a labelled log, and/or recall of a candidate index on it (docs/evaluate.md,
 * docs/candidates.md); with `--sweep`, the engagement/satisfaction trade-off of a grid of
 * combination profiles (docs/combination.md).
 */
import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Command } from 'commander';
import { readCandidateIndex } from '../../../candidates/index-io.js';
import { defaultProfile, parseProfile } from '../../../combination/parse.js';
import { selectBackend } from '../../../engine/tfjs-backend.js';
import { MultirankError } from '../../../errors.js';
import { type CandidateRecallReport, evaluateCandidateRecall } from '../../../evaluation/candidate-recall.js';
import {
  type EvaluationModel,
  openEvaluationInputs,
  openEvaluationModel,
} from '../../../evaluation/evaluate-inputs.js';
import { evaluateModel, type ModelEvaluation } from '../../../evaluation/evaluate-model.js';
import type { CollectedScores } from '../../../evaluation/score-collector.js';
import type { SweepReport } from '../../../evaluation/sweep-report.js';
import { backendFromEnv, engineFromEnv, wholeNumber } from '../../flags.js';
import { createProgress } from '../../progress.js';
import { candidatesTable } from './candidates-table.js';
import { evaluationSvg } from './plot-svg.js';
import { profileOf } from './profile.js';
import { planSweep, runSweep, type SweepFlags } from './sweep.js';
import { sweepSvg } from './sweep-svg.js';
import { sweepTable } from './sweep-table.js';
import { evaluationTable } from './table.js';

interface EvaluateFlags extends SweepFlags {
  model?: string;
  candidates?: string;
  data: string;
  items?: string;
  users?: string;
  groundTruth?: string | false;
  weights?: string;
  profile?: string;
  baselineLog?: string;
  out?: string;
  plot?: string;
  batchSize: number;
  progress: boolean;
}

/** Counts lines without parsing them, so the progress bar can show a percentage and an ETA. */
async function estimateRows(file: string): Promise<number | undefined> {
  let lines = 0;
  try {
    for await (const chunk of createReadStream(file)) {
      for (const byte of chunk as Buffer) if (byte === 10) lines++;
    }
  } catch {
    return undefined;
  }
  // A CSV's header is not a row.
  return extname(file).toLowerCase() === '.csv' ? Math.max(0, lines - 1) : lines;
}

async function write(path: string, text: string): Promise<void> {
  await writeFile(path, text).catch((error: Error) => {
    throw new MultirankError('BAD_REQUEST', `cannot write ${path}: ${error.message}`);
  });
}

/** Flags that only mean something for a model bundle, by option name. */
const MODEL_ONLY = {
  items: '--items',
  users: '--users',
  weights: '--weights',
  profile: '--profile',
  sweep: '--sweep',
  sweepForm: '--sweep-form',
  sweepAxes: '--sweep-axes',
  baselineLog: '--baseline-log',
  plot: '--plot',
} as const;

/** Recall of the candidate index in `dir` on the held-out log (docs/candidates.md, "Measuring recall"). */
async function evaluateCandidates(dir: string, flags: EvaluateFlags): Promise<CandidateRecallReport> {
  const index = await readCandidateIndex(dir);
  const total = flags.progress ? await estimateRows(flags.data) : undefined;
  const progress = flags.progress
    ? createProgress({ label: 'candidates', unit: 'rows', ...(total ? { total } : {}) })
    : undefined;
  try {
    return await evaluateCandidateRecall(index, flags.data, { tick: (rows) => progress?.tick(rows) });
  } finally {
    progress?.done();
  }
}

/** The model bundle's evaluation (docs/evaluate.md) and, with --sweep, the profile sweep on the same scores. */
async function evaluateBundle(
  bundle: string,
  flags: EvaluateFlags,
): Promise<{ evaluation: ModelEvaluation; sweep: SweepReport | null }> {
  const model = await openEvaluationModel(bundle, engineFromEnv());
  if (flags.progress) process.stderr.write(`evaluate: engine ${model.engine.name}\n`);
  for (const warning of model.warnings) process.stderr.write(`evaluate: ${warning}\n`);
  try {
    return await evaluateOpened(model, flags);
  } finally {
    await model.engine.dispose();
  }
}

/** evaluateBundle on an opened model. */
async function evaluateOpened(
  model: EvaluationModel,
  flags: EvaluateFlags,
): Promise<{ evaluation: ModelEvaluation; sweep: SweepReport | null }> {
  const tasks = model.bundle.fitted.tasks;
  const profile = await profileOf(flags, tasks);
  const { sweep } = flags;
  const plan =
    sweep !== undefined
      ? planSweep({ ...flags, sweep }, tasks, parseProfile(profile ?? defaultProfile(tasks), tasks))
      : null;
  const inputs = await openEvaluationInputs(model, {
    data: flags.data,
    items: flags.items ?? null,
    users: flags.users ?? null,
    ...(flags.groundTruth !== undefined ? { groundTruth: flags.groundTruth } : {}),
    baselineLog: flags.baselineLog ?? null,
  });
  const totals = {
    score: flags.progress ? await estimateRows(inputs.data) : undefined,
    baseline: flags.progress && inputs.baselineLog ? await estimateRows(inputs.baselineLog) : undefined,
  };
  let scores: CollectedScores | undefined;
  const evaluation = await evaluateModel(model, inputs, {
    ...(profile ? { profile } : {}),
    ...(plan
      ? {
          onScores: (collected: CollectedScores) => {
            scores = collected;
          },
        }
      : {}),
    batchSize: flags.batchSize,
    ...(flags.progress
      ? {
          progress: (phase: 'baseline' | 'score') => {
            const total = totals[phase];
            return createProgress({
              label: phase === 'score' ? 'evaluate' : 'baseline',
              unit: 'rows',
              ...(total ? { total } : {}),
            });
          },
        }
      : {}),
  });
  return { evaluation, sweep: plan && scores ? runSweep(plan, scores, tasks, evaluation) : null };
}

/** Prints the sweep's table and writes its --out JSON and --plot SVG. */
async function writeSweep(sweep: SweepReport, flags: EvaluateFlags): Promise<void> {
  process.stdout.write(`${sweepTable(sweep)}\n`);
  if (flags.out) {
    await write(flags.out, `${JSON.stringify(sweep, null, 2)}\n`);
    process.stdout.write(`\nreport: ${flags.out}\n`);
  }
  if (flags.plot) {
    await write(flags.plot, sweepSvg(sweep));
    process.stdout.write(`${flags.out ? '' : '\n'}plot: ${flags.plot}\n`);
  }
}

/** Runs the model and/or candidate evaluation, prints the tables and writes --out and --plot. */
async function run(flags: EvaluateFlags): Promise<void> {
  const bundle = flags.model ? await evaluateBundle(flags.model, flags) : undefined;
  if (bundle?.sweep) return writeSweep(bundle.sweep, flags);
  const evaluation = bundle?.evaluation;
  if (evaluation) process.stdout.write(`${evaluationTable(evaluation)}\n`);
  let candidates: (CandidateRecallReport & { index: string }) | undefined;
  if (flags.candidates) {
    candidates = { index: flags.candidates, ...(await evaluateCandidates(flags.candidates, flags)) };
    process.stdout.write(`${evaluation ? '\n' : ''}${candidatesTable(candidates, flags.candidates)}\n`);
  }
  if (flags.out) {
    const report = evaluation ? { ...evaluation, ...(candidates ? { candidates } : {}) } : { candidates };
    await write(flags.out, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`\nreport: ${flags.out}\n`);
  }
  if (flags.plot && evaluation) {
    await write(flags.plot, evaluationSvg(evaluation));
    process.stdout.write(`${flags.out ? '' : '\n'}plot: ${flags.plot}\n`);
  }
}

/** Registers the evaluate verb. */
export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description(
      'offline metrics of a model bundle and/or candidate recall on a labelled log (see docs/evaluate.md)',
    )
    .option('-m, --model <dir>', 'model bundle directory')
    .option('--candidates <dir>', 'candidate index: report its recall@100/500 and coverage on --data')
    .requiredOption(
      '-d, --data <file>',
      "labelled log (JSONL or CSV): the bundle's training format; for --candidates, request_id, user_id, item_id, click (+ device, current_item_id, recent_items)",
    )
    .option('--items <file>', "item table (default: the bundle's training config)")
    .option('--users <file>', "user table (default: the bundle's training config)")
    .option(
      '--ground-truth <file>',
      'simulator ground truth aligned with --data (default: ground_truth.jsonl beside it, if present)',
    )
    .option('--no-ground-truth', 'ignore ground_truth.jsonl beside --data')
    .option('-w, --weights <list>', 'combined score weights, e.g. click=1,like=0.5 (default: click=1)')
    .option(
      '--profile <file>',
      'combination profile as JSON: form, weights, transforms (docs/combination.md)',
    )
    .option(
      '--sweep <grid>',
      'score once, then rank by every profile of a weight grid, e.g. "like=0,0.5,1;dismiss=0,-1" (other heads keep --weights/--profile)',
    )
    .option(
      '--sweep-form <form>',
      'sum | product for the swept profiles (default: the form of --profile, else sum)',
    )
    .option(
      '--sweep-k <n>',
      "top items of each request the sweep's figures average",
      wholeNumber('--sweep-k'),
      3,
    )
    .option(
      '--sweep-axes <heads>',
      'engagement,satisfaction heads of the Pareto front and plot; "-" for lower is better, e.g. click,-dismiss',
    )
    .option('--baseline-log <file>', 'log to fit the popularity baseline on (usually the training log)')
    .option('-o, --out <file>', 'write the full report (with --sweep: the sweep) as JSON')
    .option(
      '--plot <file>',
      'write calibration curves and gate utilisation (with --sweep: the trade-off) as SVG',
    )
    .option('--batch-size <n>', 'rows scored per batch', wholeNumber('--batch-size'), 4096)
    .option('--no-progress', 'do not draw progress bars on stderr')
    .action(async (flags: EvaluateFlags, command: Command) => {
      const usage = (message: string): never => command.showHelpAfterError(false).error(`error: ${message}`);
      if (!flags.model && !flags.candidates) usage('give --model DIR, --candidates DIR or both');
      if (flags.weights !== undefined && flags.profile !== undefined)
        usage('give --weights or --profile, not both');
      if (flags.sweep !== undefined && flags.candidates)
        usage('--sweep cannot be combined with --candidates');
      if (!flags.model) {
        for (const [key, flag] of Object.entries(MODEL_ONLY)) {
          if (flags[key as keyof typeof MODEL_ONLY] !== undefined) usage(`${flag} needs --model`);
        }
        if (typeof flags.groundTruth === 'string') usage('--ground-truth needs --model');
      } else {
        const backend = await selectBackend(backendFromEnv());
        if (flags.progress) process.stderr.write(`evaluate: TensorFlow.js backend ${backend.backend}\n`);
      }
      try {
        await run(flags);
      } catch (error) {
        // Bad input is the user's to fix: the message, without a stack trace or the flag help.
        if (error instanceof MultirankError)
          command.showHelpAfterError(false).error(`error: ${error.message}`);
        throw error;
      }
    });
}

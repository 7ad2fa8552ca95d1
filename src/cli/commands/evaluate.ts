/**
 * `multirank evaluate --data FILE [--model DIR] [--candidates DIR]`: offline metrics of a model
 * bundle on a labelled log, and/or recall of a candidate index on it (docs/evaluate.md,
 * docs/candidates.md).
 */
import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { type CandidateRecallReport, evaluateCandidateRecall } from '../../candidates/evaluate-recall.js';
import { readCandidateIndex } from '../../candidates/index-io.js';
import { MultirankError } from '../../errors.js';
import { selectBackend } from '../../model/backend.js';
import { openEvaluationInputs, openEvaluationModel } from '../../training/evaluate-inputs.js';
import { evaluateModel, type ModelEvaluation } from '../../training/evaluate-model.js';
import { parseWeights } from '../../training/head-weights.js';
import { evaluationSvg } from '../../training/svg-plot.js';
import { candidatesTable } from '../candidates-table.js';
import { evaluationTable } from '../evaluate-table.js';
import { createProgress } from '../progress.js';

interface EvaluateFlags {
  model?: string;
  candidates?: string;
  data: string;
  items?: string;
  users?: string;
  groundTruth?: string | false;
  weights?: string;
  baselineLog?: string;
  out?: string;
  plot?: string;
  batchSize: number;
  progress: boolean;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new InvalidArgumentError('--batch-size must be a whole number >= 1.');
  }
  return n;
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

/** The model bundle's evaluation (docs/evaluate.md). */
async function evaluateBundle(bundle: string, flags: EvaluateFlags): Promise<ModelEvaluation> {
  const model = await openEvaluationModel(bundle);
  let weights: Record<string, number> | undefined;
  try {
    weights =
      flags.weights === undefined ? undefined : parseWeights(flags.weights, model.bundle.fitted.tasks);
  } catch (error) {
    if (error instanceof MultirankError) throw new MultirankError(error.code, `--weights: ${error.message}`);
    throw error;
  }
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
  return evaluateModel(model, inputs, {
    ...(weights ? { weights } : {}),
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
}

/** Runs the model and/or candidate evaluation, prints the tables and writes --out and --plot. */
async function run(flags: EvaluateFlags): Promise<void> {
  const evaluation = flags.model ? await evaluateBundle(flags.model, flags) : undefined;
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
    .option('--baseline-log <file>', 'log to fit the popularity baseline on (usually the training log)')
    .option('-o, --out <file>', 'write the full report as JSON')
    .option('--plot <file>', 'write calibration curves and gate utilisation as SVG')
    .option('--batch-size <n>', 'rows scored per batch', positiveInteger, 4096)
    .option('--no-progress', 'do not draw progress bars on stderr')
    .action(async (flags: EvaluateFlags, command: Command) => {
      const usage = (message: string): never => command.showHelpAfterError(false).error(`error: ${message}`);
      if (!flags.model && !flags.candidates) usage('give --model DIR, --candidates DIR or both');
      if (!flags.model) {
        for (const [key, flag] of Object.entries(MODEL_ONLY)) {
          if (flags[key as keyof typeof MODEL_ONLY] !== undefined) usage(`${flag} needs --model`);
        }
        if (typeof flags.groundTruth === 'string') usage('--ground-truth needs --model');
      } else {
        const backend = await selectBackend(
          (process.env.MULTIRANK_TF_BACKEND as 'auto' | undefined) ?? 'auto',
        );
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

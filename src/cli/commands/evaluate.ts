/** `multirank evaluate --model DIR --data FILE`: offline metrics of a model bundle on a labelled log. */
import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { MultirankError } from '../../errors.js';
import { selectBackend } from '../../model/backend.js';
import { openEvaluationInputs, openEvaluationModel } from '../../training/evaluate-inputs.js';
import { evaluateModel } from '../../training/evaluate-model.js';
import { parseWeights } from '../../training/head-weights.js';
import { evaluationSvg } from '../../training/svg-plot.js';
import { evaluationTable } from '../evaluate-table.js';
import { createProgress } from '../progress.js';

interface EvaluateFlags {
  model: string;
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

async function run(flags: EvaluateFlags): Promise<void> {
  const model = await openEvaluationModel(flags.model);
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
  const evaluation = await evaluateModel(model, inputs, {
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
  process.stdout.write(`${evaluationTable(evaluation)}\n`);
  if (flags.out) {
    await write(flags.out, `${JSON.stringify(evaluation, null, 2)}\n`);
    process.stdout.write(`\nreport: ${flags.out}\n`);
  }
  if (flags.plot) {
    await write(flags.plot, evaluationSvg(evaluation));
    process.stdout.write(`${flags.out ? '' : '\n'}plot: ${flags.plot}\n`);
  }
}

/** Registers the evaluate verb. */
export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description('offline metrics of a model bundle on a labelled log (see docs/evaluate.md)')
    .requiredOption('-m, --model <dir>', 'model bundle directory')
    .requiredOption('-d, --data <file>', "labelled log (JSONL or CSV) in the bundle's training format")
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
      const backend = await selectBackend((process.env.MULTIRANK_TF_BACKEND as 'auto' | undefined) ?? 'auto');
      if (flags.progress) process.stderr.write(`evaluate: TensorFlow.js backend ${backend.backend}\n`);
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

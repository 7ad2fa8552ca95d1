/**
 * The `multirank` command line: one binary, one verb per file under commands/.
 * Commands are thin: they parse flags and call the core.
 */
import { Command } from 'commander';
import { VERSION } from '../version.js';
import { registerCandidates } from './commands/candidates.js';
import { registerEvaluate } from './commands/evaluate/command.js';
import { registerEventsExport } from './commands/events/export.js';
import { registerExperimentsReport } from './commands/experiments/report.js';
import { registerScore } from './commands/score.js';
import { registerServe } from './commands/serve.js';
import { registerSimulate } from './commands/simulate.js';
import { registerTrain } from './commands/train/command.js';

/** Builds the program with every verb registered (exported so tests can parse argv without a process). */
export function buildProgram(): Command {
  const program = new Command('multirank')
    .description('Multi-task recommendation ranking service')
    .version(VERSION)
    .showHelpAfterError();
  registerServe(program);
  registerSimulate(program);
  registerTrain(program);
  registerEvaluate(program);
  registerCandidates(program);
  registerEventsExport(program);
  registerExperimentsReport(program);
  registerScore(program);
  return program;
}

/** Entry point of bin/multirank.mjs. */
export async function main(argv: string[] = process.argv): Promise<void> {
  await buildProgram().parseAsync(argv);
}

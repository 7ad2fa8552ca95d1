/**
 * The `multirank` command line: one binary, one verb per file under commands/ (a folder when the
 * verb has helpers); flags shared by verbs are parsed in flags.ts.
 * Commands are thin: they parse flags and call the core.
 */
import { Command } from 'commander';
import { ConfigError, loadConfig } from '../config.js';
import { VERSION } from '../version.js';
import { registerCandidates } from './commands/candidates.js';
import { registerCompare } from './commands/compare/command.js';
import { registerEvaluate } from './commands/evaluate/command.js';
import { registerEventsExport } from './commands/events/export.js';
import { registerExperimentsReport } from './commands/experiments/report.js';
import { registerExport } from './commands/export.js';
import { registerScore } from './commands/score.js';
import { registerServe } from './commands/serve.js';
import { registerSimulate } from './commands/simulate.js';
import { registerTrain } from './commands/train/command.js';

/** Builds the program with every verb registered (exported so tests can parse argv without a process). */
export function buildProgram(): Command {
  const program = new Command('multirank')
    .description('Multi-task recommendation ranking service')
    .version(VERSION)
    .showHelpAfterError()
    // Every verb checks the environment as `serve` does before it starts work, so a bad variable
    // (MULTIRANK_TF_BACKEND=bogus) gets the same one-line message and exit code from all of them.
    .hook('preAction', () => {
      loadConfig();
    });
  registerServe(program);
  registerSimulate(program);
  registerTrain(program);
  registerCompare(program);
  registerEvaluate(program);
  registerCandidates(program);
  registerEventsExport(program);
  registerExperimentsReport(program);
  registerScore(program);
  registerExport(program);
  return program;
}

/** Exit code of a bad environment variable (EX_CONFIG), the same from every verb as from `serve`. */
export const EXIT_CONFIG = 78;

/** Entry point of bin/multirank.mjs. */
export async function main(argv: string[] = process.argv): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`multirank: invalid configuration: ${error.message}\n`);
    process.exitCode = EXIT_CONFIG;
  }
}

/**
 * `multirank compare --config FILE`: trains each task alone, a shared bottom, MMoE and PLE on the
 * config's split and seed, and prints each head's held-out metric and its transfer against the
 * single-task model (src/training/compare.ts), as a table, JSON or SVG.
 */
import { writeFile } from 'node:fs/promises';
import { type Command, InvalidArgumentError } from 'commander';
import { selectBackend } from '../../../engine/tfjs-backend.js';
import { MultirankError } from '../../../errors.js';
import { loadTrainingConfig } from '../../../features/parse-config.js';
import { COMPARED, type Compared, compareArchitectures } from '../../../training/compare.js';
import { backendFromEnv } from '../../flags.js';
import { comparisonSvg } from './svg.js';
import { comparisonTable } from './table.js';

interface CompareFlags {
  config: string;
  json: boolean;
  out?: string;
  svg?: string;
  architectures: Compared[];
}

function architectureList(value: string): Compared[] {
  const names = value.split(',').map((s) => s.trim());
  const unknown = names.find((n) => !(COMPARED as readonly string[]).includes(n));
  if (unknown !== undefined)
    throw new InvalidArgumentError(`--architectures: unknown "${unknown}" (expected ${COMPARED.join(', ')})`);
  return names as Compared[];
}

/** Registers the compare verb. */
export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description(
      'train single-task, shared-bottom, MMoE and PLE models on one split and show the transfer per head (docs/training.md)',
    )
    .requiredOption(
      '-c, --config <file>',
      'training config, YAML or JSON (its split, seed and sizes are used)',
    )
    .option(
      '--architectures <list>',
      `what to train, comma-separated (${COMPARED.join(', ')})`,
      architectureList,
      [...COMPARED],
    )
    .option('--json', 'print the comparison as JSON instead of the table', false)
    .option('--out <file>', 'also write the JSON to this file')
    .option('--svg <file>', 'also write a chart of the transfer per head')
    .action(async (flags: CompareFlags, command: Command) => {
      const config = await loadTrainingConfig(flags.config).catch((error: Error) =>
        command.showHelpAfterError(false).error(`error: ${error.message}`),
      );
      const backend = await selectBackend(backendFromEnv());
      process.stderr.write(`compare: TensorFlow.js backend ${backend.backend}\n`);
      const report = await compareArchitectures(config, {
        architectures: flags.architectures,
        log: (line) => process.stderr.write(`compare: ${line}\n`),
      }).catch((error: unknown) => {
        if (error instanceof MultirankError)
          command.showHelpAfterError(false).error(`error: ${error.message}`);
        throw error;
      });
      const json = `${JSON.stringify(report, null, 2)}\n`;
      if (flags.out) await writeFile(flags.out, json);
      if (flags.svg) await writeFile(flags.svg, comparisonSvg(report));
      process.stdout.write(flags.json ? json : `${comparisonTable(report)}\n`);
    });
}

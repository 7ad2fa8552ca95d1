/** `multirank experiments report ID`: an experiment's per-variant metrics from the stored events. */
import type { Command } from 'commander';
import { experimentReport } from '../../../experiments/report.js';
import { eventSourceFromEnv, isoTime, windowFlagsProblem } from '../events/source.js';
import { readExperimentDefinition } from './report-source.js';
import { reportTable } from './report-table.js';

interface ReportFlags {
  json: boolean;
  experiments?: string;
  events?: string;
  since?: number;
  until?: number;
  fromEvents: boolean;
}

/** Registers `experiments report` under an `experiments` command group. */
export function registerExperimentsReport(program: Command): void {
  const experiments =
    program.commands.find((c) => c.name() === 'experiments') ??
    program.command('experiments').description('weight experiments (docs/experiment-reports.md)');
  experiments
    .command('report <id>')
    .description(
      'per-variant metrics with 95% CIs, lift vs control and the SRM check (docs/experiment-reports.md)',
    )
    .option('--json', 'print the report as JSON (the body of GET /v1/experiments/:id/report)', false)
    .option(
      '--experiments <file>',
      'experiment definitions file; default: the experiment store in REDIS_URL, else MULTIRANK_EXPERIMENTS_FILE',
    )
    .option('--events <file>', 'read this JSONL event file instead of REDIS_URL / MULTIRANK_EVENTS_FILE')
    .option('--since <time>', 'events at or after this ISO time', isoTime('--since'))
    .option('--until <time>', 'events before this ISO time', isoTime('--until'))
    .option(
      '--from-events',
      'read every event of the window instead of the daily totals (e.g. events stored before the totals were kept)',
      false,
    )
    .action(async (id: string, flags: ReportFlags, command: Command) => {
      const fail = (error: Error): never =>
        command.showHelpAfterError(false).error(`error: ${error.message}`);
      const windowError = windowFlagsProblem(flags.since, flags.until);
      if (windowError) fail(new Error(windowError));
      const experiment = await readExperimentDefinition(id, flags.experiments).catch(fail);
      if (!experiment)
        fail(new Error(`no experiment "${id}" in ${flags.experiments ?? 'the experiment store'}`));
      const source = await eventSourceFromEnv(flags.events).catch(fail);
      try {
        const window = { since: flags.since, until: flags.until };
        const report = await experimentReport(source, experiment!, window, { fromEvents: flags.fromEvents });
        process.stdout.write(
          flags.json ? `${JSON.stringify(report, null, 2)}\n` : `${reportTable(report)}\n`,
        );
      } finally {
        await source.close();
      }
    });
}

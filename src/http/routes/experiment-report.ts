/**
 * GET /v1/experiments/:id/report: per variant users, impressions, CTR, like rate and watch time
 * per impression with 95% CIs, lift against control with p-values, and the sample-ratio check,
 * computed from the event store (src/experiments/report.ts): from the daily totals kept at ingest
 * when the window is whole UTC days (Redis mode), else from every event of the window, which is
 * an analyst's call, not a hot path; 503 while the event store cannot be read.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { MultirankError } from '../../errors.js';
import type { EventStore } from '../../events/event-store.js';
import { parseEventTime, windowProblem } from '../../events/event-time.js';
import { experimentReport } from '../../experiments/report.js';
import type { Experiment } from '../../experiments/types.js';
import { errorResponse, errorResponses, PUBLIC } from '../schemas/common.js';
import { ExperimentReportReply } from '../schemas/experiment-report.js';

/** Options of the report route. */
export interface ExperimentReportRouteOptions {
  store: EventStore;
  experiments: { get(id: string): Experiment | undefined | Promise<Experiment | undefined> };
}

const Query = Type.Object({
  since: Type.Optional(
    Type.String({
      description:
        'ISO time or Unix milliseconds, from 1970-01-01T00:00:00Z to 8640000000000000; events at or after it. Before until.',
    }),
  ),
  until: Type.Optional(
    Type.String({
      description:
        'ISO time or Unix milliseconds, from 1970-01-01T00:00:00Z to 8640000000000000; events before it.',
    }),
  ),
});

/** A window bound from the query (src/events/event-time.ts); 400 naming the parameter otherwise. */
export function parseTime(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const parsed = parseEventTime(raw);
  if ('problem' in parsed) throw new MultirankError('BAD_REQUEST', `${name}: ${parsed.problem}`);
  return parsed.ms;
}

/** The query's window; 400 naming `since` or `until` when it is not one. */
function parseWindow(query: { since?: string; until?: string }): { since?: number; until?: number } {
  const since = parseTime(query.since, 'since');
  const until = parseTime(query.until, 'until');
  const problem = windowProblem(since, until);
  if (problem) throw new MultirankError('BAD_REQUEST', `since: ${problem}`);
  return { ...(since === undefined ? {} : { since }), ...(until === undefined ? {} : { until }) };
}

const experimentReportRoutes: FastifyPluginAsyncTypebox<ExperimentReportRouteOptions> = async (
  app,
  options,
) => {
  app.get(
    '/v1/experiments/:id/report',
    {
      schema: {
        operationId: 'getExperimentReport',
        tags: ['experiments'],
        summary: "An experiment's per-variant metrics with 95% CIs, lift over control and the SRM check",
        security: PUBLIC,
        params: Type.Object({
          id: Type.String({ minLength: 1, maxLength: 128, examples: ['likes-and-watch-2025-06'] }),
        }),
        querystring: Query,
        response: {
          200: ExperimentReportReply,
          400: errorResponse(
            400,
            'since: must be before until, got 2026-11-21T00:00:00.000Z and 2026-11-20T00:00:00.000Z',
          ),
          ...errorResponses(404, 429),
          503: errorResponse(503, 'the event store cannot be read now; retry later'),
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      const window = parseWindow(request.query);
      const experiment = await options.experiments.get(id);
      if (!experiment) throw new MultirankError('NOT_FOUND', `no experiment "${id}"`);
      return experimentReport(options.store, experiment, window).catch((error: unknown) => {
        if (error instanceof MultirankError || error instanceof RangeError) throw error;
        throw new MultirankError('UNAVAILABLE', 'the event store cannot be read now; retry later', {
          cause: error,
        });
      });
    },
  );
};

export default experimentReportRoutes;

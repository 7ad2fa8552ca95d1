/**
 * Experiments: list and read (public), define and delete (admin), and a user's assignment (QA).
 * Thin over the experiment service (src/experiments/store.ts), which validates and stores.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { MultirankError } from '../../errors.js';
import type { ExperimentService } from '../../experiments/store.js';
import { ADMIN_SECURITY, errorResponse, errorResponses, PUBLIC } from '../schemas/common.js';
import {
  AssignmentQuery,
  AssignmentReply,
  Experiment,
  ExperimentBody,
  ExperimentList,
  ExperimentParams,
} from '../schemas/experiments.js';

/** Options of the experiment routes; admin routes use `app.requireAdmin` (admin-auth plugin). */
export interface ExperimentRoutesOptions {
  experiments: ExperimentService;
}

/** The 201 of PUT: the stored definition, as the 200 (a copy without the $id, which names one schema). */
const { $id: _id, ...storedDefinition } = Experiment;
const Created = { ...storedDefinition, description: 'Created: the definition, as stored.' };

/** Static path segments under /v1/experiments that an id would shadow. */
const RESERVED_IDS = new Set(['assignment']);

const experimentRoutes: FastifyPluginAsyncTypebox<ExperimentRoutesOptions> = async (app, { experiments }) => {
  app.get(
    '/v1/experiments',
    {
      schema: {
        operationId: 'listExperiments',
        tags: ['experiments'],
        summary: 'The definitions this replica serves, by id, and where they came from',
        security: PUBLIC,
        response: { 200: ExperimentList, ...errorResponses(429, 503) },
      },
    },
    async () => ({ experiments: experiments.list(), store: experiments.state() }),
  );

  app.get(
    '/v1/experiments/assignment',
    {
      schema: {
        operationId: 'getAssignment',
        tags: ['experiments'],
        summary:
          "A user's assignment (what a rank request would use) and, optionally, their buckets in one experiment",
        security: PUBLIC,
        querystring: AssignmentQuery,
        response: {
          200: AssignmentReply,
          400: errorResponse(400, 'experiment: unknown experiment "likes-and-watch-2025-06"'),
          ...errorResponses(429, 503),
        },
      },
    },
    async (request) => {
      const { userId, experiment } = request.query;
      const assignment = experiments.assign(userId);
      if (experiment === undefined) return { userId, assignment };
      const placement = experiments.place(experiment, userId);
      const definition = experiments.get(experiment);
      if (!placement || !definition)
        throw new MultirankError('BAD_REQUEST', `experiment: unknown experiment "${experiment}"`);
      return { userId, assignment, experiment: { id: experiment, status: definition.status, ...placement } };
    },
  );

  app.get(
    '/v1/experiments/:id',
    {
      schema: {
        operationId: 'getExperiment',
        tags: ['experiments'],
        summary: 'One definition',
        security: PUBLIC,
        params: ExperimentParams,
        response: { 200: Experiment, ...errorResponses(400, 404, 429, 503) },
      },
    },
    async (request) => {
      const found = experiments.get(request.params.id);
      if (!found) throw new MultirankError('NOT_FOUND', `no experiment "${request.params.id}"`);
      return found;
    },
  );

  app.put(
    '/v1/experiments/:id',
    {
      onRequest: app.requireAdmin,
      schema: {
        operationId: 'putExperiment',
        tags: ['experiments'],
        summary:
          'Create or replace a definition (validated in full); every replica picks it up within the refresh interval',
        security: ADMIN_SECURITY,
        params: ExperimentParams,
        body: ExperimentBody,
        response: {
          200: Experiment,
          201: Created,
          ...errorResponses(401, 403, 409, 413, 415, 429, 503),
          400: errorResponse(
            400,
            'variants[1].profile.weights.ctr: unknown head "ctr" (this model\'s heads: click, watch, like, dismiss, rating)',
          ),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (RESERVED_IDS.has(id)) throw new MultirankError('BAD_REQUEST', `id: "${id}" is reserved`);
      const { experiment, created } = await experiments.put(id, request.body);
      request.log.info(
        { id, status: experiment.status, traffic: experiment.traffic, created },
        'experiment saved',
      );
      return reply.code(created ? 201 : 200).send(experiment);
    },
  );

  app.delete(
    '/v1/experiments/:id',
    {
      onRequest: app.requireAdmin,
      schema: {
        operationId: 'deleteExperiment',
        tags: ['experiments'],
        summary: 'Remove a definition (a file definition stays removed until the file changes it)',
        security: ADMIN_SECURITY,
        params: ExperimentParams,
        response: {
          204: Type.Null({ description: 'Removed.' }),
          ...errorResponses(400, 401, 403, 404, 409, 429, 503),
        },
      },
    },
    async (request, reply) => {
      await experiments.delete(request.params.id);
      request.log.info({ id: request.params.id }, 'experiment deleted');
      return reply.code(204).send(null);
    },
  );
};

export default experimentRoutes;

/**
 * Experiments: list and read (public), define and delete (admin), and a user's assignment (QA).
 * Thin over the experiment service (src/experiments/store.ts), which validates and stores.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { MultirankError } from '../../errors.js';
import type { ExperimentService } from '../../experiments/store.js';
import { errorResponses } from '../schemas/common.js';
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

/** Static path segments under /v1/experiments that an id would shadow. */
const RESERVED_IDS = new Set(['assignment']);

const experimentRoutes: FastifyPluginAsyncTypebox<ExperimentRoutesOptions> = async (app, { experiments }) => {
  app.get(
    '/v1/experiments',
    {
      schema: {
        tags: ['experiments'],
        summary: 'The definitions this replica serves, by id, and where they came from',
        response: { 200: ExperimentList },
      },
    },
    async () => ({ experiments: experiments.list(), store: experiments.state() }),
  );

  app.get(
    '/v1/experiments/assignment',
    {
      schema: {
        tags: ['experiments'],
        summary:
          "A user's assignment (what a rank request would use) and, optionally, their buckets in one experiment",
        querystring: AssignmentQuery,
        response: { 200: AssignmentReply, ...errorResponses(400) },
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
        tags: ['experiments'],
        summary: 'One definition',
        params: ExperimentParams,
        response: { 200: Experiment, ...errorResponses(404) },
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
        tags: ['experiments'],
        summary:
          'Create or replace a definition (validated in full); every replica picks it up within the refresh interval',
        security: [{ apiKey: [] }],
        params: ExperimentParams,
        body: ExperimentBody,
        response: { 200: Experiment, 201: Experiment, ...errorResponses(400, 401, 403, 409, 503) },
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
        tags: ['experiments'],
        summary: 'Remove a definition (a file definition stays removed until the file changes it)',
        security: [{ apiKey: [] }],
        params: ExperimentParams,
        response: { 204: Type.Null({ description: 'Removed.' }), ...errorResponses(401, 403, 404, 409, 503) },
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

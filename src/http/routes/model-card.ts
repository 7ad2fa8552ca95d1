/** GET /v1/models/:version/card: a bundle's card for the dashboard (public, read only). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Value } from '@sinclair/typebox/value';
import { MultirankError } from '../../errors.js';
import { readBundleCard } from '../../model/bundle-card.js';
import type { ModelRegistry } from '../../serving/model-registry.js';
import { errorResponses } from '../schemas/common.js';
import { CardParams, ModelCard, TrainingMetrics } from '../schemas/model-card.js';

/** Options of the card route. */
export interface ModelCardRouteOptions {
  registry: ModelRegistry;
}

const modelCardRoutes: FastifyPluginAsyncTypebox<ModelCardRouteOptions> = async (app, { registry }) => {
  app.get(
    '/v1/models/:version/card',
    {
      schema: {
        operationId: 'getModelCard',
        tags: ['models'],
        summary:
          "A bundle's card: manifest, validation metrics against the popularity baseline, curves, gates, training data and split, and the reports it carries",
        security: [],
        params: CardParams,
        response: { 200: ModelCard, ...errorResponses(400, 404, 429, 503) },
      },
    },
    async (request) => {
      const { version } = request.params;
      const dir = registry.folder(version);
      if (dir === null)
        throw new MultirankError('BAD_REQUEST', `version: "${version}" is not a model folder name`);
      const { metrics, ...card } = await readBundleCard(dir, version);
      // metrics.json is the trainer's; a file of another shape is named rather than half-shown.
      if (metrics !== null && !Value.Check(TrainingMetrics, metrics)) {
        const first = Value.Errors(TrainingMetrics, metrics).First();
        throw new MultirankError(
          'BAD_REQUEST',
          `model ${version}: metrics.json${first?.path ?? ''}: ${first?.message}`,
        );
      }
      const active = registry.isActive(dir);
      return { version, active, engine: active ? registry.active().engine : null, metrics, ...card };
    },
  );
};

export default modelCardRoutes;

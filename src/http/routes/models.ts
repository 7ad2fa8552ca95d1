/** Model versions: list the bundles, hot-swap the served one (admin). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ModelRegistry } from '../../serving/model-registry.js';
import type { AdminGuard } from '../plugins/admin-auth.js';
import { ADMIN_SECURITY, errorResponse, errorResponses, PUBLIC } from '../schemas/common.js';
import { Activated, ActivateParams, ModelList } from '../schemas/models.js';

/** Options of the model routes. */
export interface ModelRoutesOptions {
  registry: ModelRegistry;
  /** The admin check (admin-auth plugin). */
  requireAdmin: AdminGuard;
}

const modelRoutes: FastifyPluginAsyncTypebox<ModelRoutesOptions> = async (
  app,
  { registry, requireAdmin },
) => {
  app.get(
    '/v1/models',
    {
      schema: {
        operationId: 'listModels',
        tags: ['models'],
        summary: 'Model bundles under the models directory, the served one marked active',
        security: PUBLIC,
        response: { 200: ModelList, ...errorResponses(429, 503) },
      },
    },
    async () => ({ active: registry.active().version, models: await registry.list() }),
  );

  app.post(
    '/v1/models/:version/activate',
    {
      onRequest: requireAdmin,
      schema: {
        operationId: 'activateModel',
        tags: ['models'],
        summary: 'Load, validate and warm up a bundle, then serve it; the old one finishes its requests',
        security: ADMIN_SECURITY,
        params: ActivateParams,
        response: {
          200: Activated,
          ...errorResponses(401, 403, 429, 503),
          400: errorResponse(
            400,
            'version: "v2" refused, still serving "default": model bundle v2: content hash mismatch',
          ),
          404: errorResponse(404, 'version: no model "v2"'),
        },
      },
    },
    async (request) => {
      const started = performance.now();
      const { version } = request.params;
      const { model, previous } = await registry.activate(version);
      request.log.info({ previous, active: model.version, warnings: model.warnings }, 'model activated');
      return {
        active: model.version,
        previous,
        contentHash: model.bundle.manifest.contentHash,
        loadMs: Math.round(performance.now() - started),
        warnings: model.warnings,
      };
    },
  );
};

export default modelRoutes;

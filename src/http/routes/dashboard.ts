/**
 * GET /dashboard: the dashboard page, and its stylesheet and browser modules under
 * /dashboard/assets/ (src/dashboard/). Static files held in memory with ETags; the views read the
 * public JSON routes and /metrics, and send admin actions to the admin routes with the key typed
 * into the page. Left out of the OpenAPI document: these are a page, not the API.
 * The security-headers plugin gives these routes their own Content-Security-Policy.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { type DashboardAsset, dashboardAssets } from '../../dashboard/assets.js';
import { ASSETS_PATH, DASHBOARD_PATH } from '../../dashboard/page.js';
import { MultirankError } from '../../errors.js';

export { DASHBOARD_PATH };

function send(request: FastifyRequest, reply: FastifyReply, file: DashboardAsset): FastifyReply | string {
  // Revalidated on every load (no-cache), answered 304 while unchanged: a new build shows at once.
  reply.header('cache-control', 'no-cache').header('etag', file.etag);
  if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
  reply.type(file.contentType);
  return file.body;
}

const dashboardRoutes: FastifyPluginAsync = async (app) => {
  const hidden = { schema: { hide: true } };

  app.get(DASHBOARD_PATH, hidden, async (request, reply) => {
    const page = (await dashboardAssets()).get('');
    if (!page) throw new MultirankError('NOT_FOUND', 'dashboard page missing from this build');
    return send(request, reply, page);
  });

  app.get(`${DASHBOARD_PATH}/`, hidden, async (_request, reply) => reply.redirect(DASHBOARD_PATH, 308));

  app.get<{ Params: { file: string } }>(`${ASSETS_PATH}/:file`, hidden, async (request, reply) => {
    const { file } = request.params;
    const found = file === '' ? undefined : (await dashboardAssets()).get(file);
    if (!found) throw new MultirankError('NOT_FOUND', `no dashboard asset "${file}"`);
    return send(request, reply, found);
  });
};

export default dashboardRoutes;

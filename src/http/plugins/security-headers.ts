/**
 * Security headers on every route (@fastify/helmet): `x-content-type-options: nosniff`,
 * `x-frame-options: DENY`, `referrer-policy: no-referrer`, a Content-Security-Policy, and helmet's
 * other defaults (HSTS, cross-origin-opener/resource-policy, …).
 *
 * Two policies. The API answers JSON that a browser should never render, run or frame, so it may
 * load nothing. Swagger UI is a page: it loads its own scripts and stylesheets (files, no inline
 * script), a data: logo, and fetches the OpenAPI document and "try it out" calls from the same
 * origin; its routes get a policy allowing exactly that. They are @fastify/swagger-ui's and take no
 * route options, so the policy is set as helmet's per-route `helmet` option when each is added.
 * The dashboard (GET /dashboard) is a page of our own: its own scripts and stylesheet only (no inline
 * script or style at all), charts drawn as SVG in the page, and fetches to this origin.
 */
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Options of the security headers plugin. */
export interface SecurityHeadersOptions {
  /** Route prefix of Swagger UI, whose routes get the docs policy. */
  docsPrefix: string;
  /** Route prefix of the dashboard, whose routes get the dashboard policy. */
  dashboardPrefix?: string;
}

/** The API's policy: JSON loads nothing and is framed by nobody. */
const API_POLICY = { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] };

/**
 * Swagger UI's policy: helmet's defaults without `upgrade-insecure-requests` (the service is often
 * reached over plain HTTP inside a cluster, where upgrading would break every asset of the page)
 * and without `https:` sources (everything the page needs is served here).
 */
const DOCS_POLICY = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  // Swagger UI sets style attributes as it renders.
  'style-src': ["'self'", "'unsafe-inline'"],
};

/**
 * The dashboard's policy: scripts, styles and fetches from this origin only, nothing inline (its
 * pages set no style attributes; charts are SVG built with DOM calls), no plugins, forms or frames.
 * The favicon is a data: URL (img-src), so the browser asks the API for none.
 */
const DASHBOARD_POLICY = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'connect-src': ["'self'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
};

const csp = (directives: Record<string, string[]>) => ({ useDefaults: false, directives });

const DOCS_HELMET: Omit<FastifyHelmetOptions, 'global'> = { contentSecurityPolicy: csp(DOCS_POLICY) };
const DASHBOARD_HELMET: Omit<FastifyHelmetOptions, 'global'> = {
  contentSecurityPolicy: csp(DASHBOARD_POLICY),
};

/** Whether `url` is `prefix` or below it. */
const under = (url: string, prefix: string | undefined): boolean =>
  prefix !== undefined && (url === prefix || url.startsWith(`${prefix}/`));

async function securityHeaders(app: FastifyInstance, options: SecurityHeadersOptions): Promise<void> {
  const { docsPrefix, dashboardPrefix } = options;
  // Added before helmet's own onRoute hook, which reads the option.
  app.addHook('onRoute', (route) => {
    if (under(route.url, docsPrefix)) route.helmet ??= DOCS_HELMET;
    else if (under(route.url, dashboardPrefix)) route.helmet ??= DASHBOARD_HELMET;
  });
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: csp(API_POLICY),
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/** Sets the security headers on every route added after it; register it before the routes. */
export default fp(securityHeaders, { name: 'security-headers' });

/**
 * `multirank/client`: a typed client of the HTTP API. openapi-fetch over the types that
 * openapi-typescript generates from openapi.yaml into ./schema.ts (`npm run client`, run by the
 * build; a test fails when schema.ts is stale), so a route's schema change reaches callers' type
 * checks. The project's own integration tests call the service through it.
 *
 * ```ts
 * import { createMultirankClient } from 'multirank/client';
 * const client = createMultirankClient({ baseUrl: 'http://localhost:8080' });
 * const { data, error } = await client.POST('/v1/rank', { body: { userId: 'u42', limit: 5 } });
 * ```
 */
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, operations, paths } from './schema.js';

export type { components, operations, paths };

/**
 * The client: `client.GET | POST | PUT | DELETE(path, { params, body })` resolves to
 * `{ data, error, response }`: `data` typed by the 2xx answer, `error` by the error answers.
 */
export type MultirankClient = Client<paths>;

/** Options of createMultirankClient: openapi-fetch's, with the base URL required. */
export interface MultirankClientOptions extends ClientOptions {
  /** Where the service listens, e.g. `http://localhost:8080`. */
  baseUrl: string;
  /** The admin key (MULTIRANK_ADMIN_KEY), sent as `x-api-key` unless a request sets its own. */
  adminKey?: string;
}

/** A client of the service at `baseUrl`. */
export function createMultirankClient({ adminKey, ...options }: MultirankClientOptions): MultirankClient {
  const client = createClient<paths>(options);
  if (adminKey) {
    client.use({
      onRequest({ request }) {
        if (!request.headers.has('x-api-key') && !request.headers.has('authorization')) {
          request.headers.set('x-api-key', adminKey);
        }
        return request;
      },
    });
  }
  return client;
}

/** The JSON body of a request body or response entry of the generated types. */
type Json<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

/** Body of POST /v1/rank. */
export type RankRequest = Json<operations['rank']['requestBody']>;
/** Answer of POST /v1/rank. */
export type RankReply = Json<operations['rank']['responses'][200]>;
/** Body of POST /v1/rank/batch. */
export type RankBatchRequest = Json<operations['rankBatch']['requestBody']>;
/** Answer of POST /v1/rank/batch. */
export type RankBatchReply = Json<operations['rankBatch']['responses'][200]>;
/** One feedback event of POST /v1/events. */
export type FeedbackEvent = components['schemas']['FeedbackEvent'];
/** Answer of POST /v1/events. */
export type EventsReply = Json<operations['postEvents']['responses'][200]>;
/** Body of PUT /v1/experiments/{id}. */
export type ExperimentDefinition = Json<operations['putExperiment']['requestBody']>;
/** One experiment as the service serves it. */
export type Experiment = Json<operations['getExperiment']['responses'][200]>;
/** Answer of GET /v1/experiments/{id}/report. */
export type ExperimentReport = Json<operations['getExperimentReport']['responses'][200]>;
/** The body of every error answer: `{ error: { code, message } }`. */
export type ErrorBody = Json<operations['rank']['responses'][400]>;

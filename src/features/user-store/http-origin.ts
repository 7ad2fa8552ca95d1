/**
 * User features from an HTTP feature service. The contract is deliberately small:
 *   POST <url>  {"ids": ["u1", "u2"]}  →  200 {"users": {"u1": {...}, "u2": null}}
 * Users the service does not know are absent (or null) in `users`.
 *
 * Every failure (timeout, connection refused, non-2xx, bad JSON) is counted and thrown, so the
 * store answers those users with defaults without mistaking an outage for "user unknown"
 * (which it would cache negatively).
 */

import { isRecord } from '../../util/is-record.js';
import type { UserFeatureOrigin, UserFeatures } from './types.js';

/** Where the feature service is and how long to wait for it. */
export interface HttpOriginOptions {
  url: string;
  /** Per-request timeout; the ranker's latency budget is small, so the default is 200 ms. */
  timeoutMs?: number;
  /** Most ids per POST; larger lookups are split into concurrent requests. */
  maxIdsPerRequest?: number;
  headers?: Record<string, string>;
}

/** Counters of an HTTP origin, as a plain object for metrics. */
export interface HttpOriginStats {
  requests: number;
  errors: number;
  timeouts: number;
}

/** An origin calling a feature service; `stats()` reads its counters. */
export interface HttpOrigin extends UserFeatureOrigin {
  stats(): HttpOriginStats;
}

/** Why a feature service call failed. */
export class HttpOriginError extends Error {
  override readonly name = 'HttpOriginError';
}

/** Creates an origin that POSTs id lists to `url` with Node's fetch. */
export function createHttpOrigin(options: HttpOriginOptions): HttpOrigin {
  const timeoutMs = options.timeoutMs ?? 200;
  const chunk = Math.max(1, options.maxIdsPerRequest ?? 500);
  const stats: HttpOriginStats = { requests: 0, errors: 0, timeouts: 0 };

  async function post(ids: string[]): Promise<Record<string, unknown>> {
    stats.requests += 1;
    try {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...options.headers },
        body: JSON.stringify({ ids }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) {
        await response.body?.cancel();
        throw new HttpOriginError(`feature service answered ${response.status}`);
      }
      const body: unknown = await response.json();
      if (!isRecord(body) || !isRecord(body.users)) {
        throw new HttpOriginError('feature service reply has no "users" object');
      }
      return body.users;
    } catch (error) {
      stats.errors += 1;
      if (error instanceof DOMException && error.name === 'TimeoutError') {
        stats.timeouts += 1;
        throw new HttpOriginError(`feature service did not answer within ${timeoutMs} ms`);
      }
      if (error instanceof HttpOriginError) throw error;
      throw new HttpOriginError(`feature service call failed: ${String(error)}`);
    }
  }

  return {
    stats: () => ({ ...stats }),
    async get(ids) {
      const found = new Map<string, UserFeatures>();
      if (ids.length === 0) return found;
      const parts: string[][] = [];
      for (let i = 0; i < ids.length; i += chunk) parts.push(ids.slice(i, i + chunk));
      const replies = await Promise.all(parts.map(post));
      const asked = new Set(ids);
      for (const users of replies) {
        for (const [id, record] of Object.entries(users)) {
          // Only ids we asked for, and only object records: anything else counts as unknown.
          if (isRecord(record) && asked.has(id)) found.set(id, record);
        }
      }
      return found;
    },
  };
}

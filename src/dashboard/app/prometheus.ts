/**
 * The service's /metrics (Prometheus text format 0.0.4) read in the page: samples, and per route
 * the request rate, latency quantiles, errors and shed requests between two scrapes, from the
 * `multirank_http_request_duration_seconds` histogram (src/http/plugins/metrics.ts). Pure
 * functions, so they are unit-tested in Node.
 */

/** One sample line: metric name, labels, value. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

const unescapeLabel = (value: string): string =>
  value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));

/** Every sample of a scrape, comments and blank lines skipped. */
export function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = LINE.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[3] ?? '').matchAll(LABEL))
      labels[key as string] = unescapeLabel(value as string);
    const raw = match[4] as string;
    const value =
      raw === '+Inf' ? Number.POSITIVE_INFINITY : raw === '-Inf' ? Number.NEGATIVE_INFINITY : Number(raw);
    samples.push({ name: match[1] as string, labels, value });
  }
  return samples;
}

/** The first sample named `name` whose labels include `labels`. */
export function find(
  samples: Sample[],
  name: string,
  labels: Record<string, string> = {},
): Sample | undefined {
  return samples.find(
    (sample) => sample.name === name && Object.entries(labels).every(([k, v]) => sample.labels[k] === v),
  );
}

/**
 * The q-quantile of a histogram from its cumulative buckets [upper bound, count], interpolated
 * linearly within the bucket as Prometheus's histogram_quantile does; null without observations.
 * A quantile in the +Inf bucket is reported as the largest finite bound.
 */
export function histogramQuantile(q: number, buckets: [number, number][]): number | null {
  const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
  const total = sorted.at(-1)?.[1] ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const [bound, cumulative] of sorted) {
    if (cumulative >= rank) {
      if (bound === Number.POSITIVE_INFINITY) return lowerBound;
      const inBucket = cumulative - lowerCount;
      return inBucket <= 0 ? bound : lowerBound + ((bound - lowerBound) * (rank - lowerCount)) / inBucket;
    }
    lowerBound = bound;
    lowerCount = cumulative;
  }
  return lowerBound;
}

/** One route's figures over a window. */
export interface RouteFigures {
  method: string;
  route: string;
  requests: number;
  perSecond: number;
  p50: number | null;
  p99: number | null;
  /** 5xx answers other than 503. */
  errors: number;
  /** Requests refused to protect the service: 503 (shed, queue full, unavailable) and 429 (rate limit). */
  shed: number;
}

const LATENCY = 'multirank_http_request_duration_seconds';

interface RouteCounts {
  method: string;
  route: string;
  count: number;
  errors: number;
  shed: number;
  buckets: Map<number, number>;
}

function routeCounts(samples: Sample[]): Map<string, RouteCounts> {
  const routes = new Map<string, RouteCounts>();
  for (const { name, labels, value } of samples) {
    if (!name.startsWith(LATENCY)) continue;
    const method = labels.method ?? '';
    const route = labels.route ?? '';
    const key = `${method} ${route}`;
    let entry = routes.get(key);
    if (!entry) {
      entry = { method, route, count: 0, errors: 0, shed: 0, buckets: new Map() };
      routes.set(key, entry);
    }
    const status = Number(labels.status_code);
    if (name === `${LATENCY}_count`) {
      entry.count += value;
      if (status === 503 || status === 429) entry.shed += value;
      else if (status >= 500) entry.errors += value;
    } else if (name === `${LATENCY}_bucket`) {
      const bound = labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(labels.le);
      entry.buckets.set(bound, (entry.buckets.get(bound) ?? 0) + value);
    }
  }
  return routes;
}

/**
 * Per route (method and pattern) the figures between scrape `before` (null: since the process
 * started) and scrape `after`, `seconds` apart; busiest routes first.
 */
export function routeFigures(before: Sample[] | null, after: Sample[], seconds: number): RouteFigures[] {
  const then = before ? routeCounts(before) : new Map<string, RouteCounts>();
  const figures: RouteFigures[] = [];
  for (const [key, now] of routeCounts(after)) {
    const old = then.get(key);
    const buckets: [number, number][] = [...now.buckets].map(([bound, c]) => [
      bound,
      c - (old?.buckets.get(bound) ?? 0),
    ]);
    const requests = now.count - (old?.count ?? 0);
    figures.push({
      method: now.method,
      route: now.route,
      requests,
      perSecond: seconds > 0 ? requests / seconds : 0,
      p50: histogramQuantile(0.5, buckets),
      p99: histogramQuantile(0.99, buckets),
      errors: now.errors - (old?.errors ?? 0),
      shed: now.shed - (old?.shed ?? 0),
    });
  }
  return figures.sort((a, b) => b.requests - a.requests || a.route.localeCompare(b.route));
}

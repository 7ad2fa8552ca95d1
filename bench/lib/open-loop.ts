/**
 * An open-loop HTTP load generator: requests leave on a schedule fixed before the run starts,
 * whether or not earlier answers came back, and each latency is measured from the request's
 * SCHEDULED send time. A service that falls behind therefore shows up as latency (queueing in
 * the client's socket pool or in the server is counted) and as a completion rate below the target,
 * never as a quietly lower request rate: coordinated omission is avoided (as in wrk2).
 *
 * Arrivals are either `uniform` (one request every 1000/rate ms exactly) or `poisson`
 * (exponential gaps of mean 1000/rate ms from a seeded generator, so a run is repeatable).
 * A timer wakes at the next scheduled time and sends every request that is due; when the client's
 * own event loop was late it sends the overdue ones at once (their lateness is counted in their
 * latency and reported as send lag).
 *
 * Plain `node:http` with a keep-alive agent; nothing here parses the answers (status only).
 */
import { type Agent, request } from 'node:http';
import { Rng } from '../../src/util/random.js';

/** How requests arrive. */
export type Arrivals = 'uniform' | 'poisson';

/** One open-loop run. */
export interface OpenLoopOptions {
  host: string;
  port: number;
  path: string;
  /** Request bodies (JSON), cycled in order. */
  bodies: Buffer[];
  /** Target requests per second. */
  rate: number;
  /** Length of the sending schedule. */
  seconds: number;
  arrivals: Arrivals;
  seed: number;
  agent: Agent;
  /** A request without a full answer after this long (from its scheduled time) is given up on. */
  timeoutMs: number;
  /** Checked between sends: true stops scheduling (e.g. on SIGINT); what is in flight still ends. */
  stopped?: () => boolean;
}

/** What one run measured. */
export interface OpenLoopResult {
  targetRate: number;
  seconds: number;
  arrivals: Arrivals;
  /** Requests scheduled / sent / answered (any status) or given up on. */
  scheduled: number;
  sent: number;
  completed: number;
  /** Sent requests over the span from the first scheduled send to the last actual send (at least the schedule). */
  sendRate: number;
  /** Answered requests over the span from the first scheduled send to the last answer. */
  completionRate: number;
  /** Latency from the scheduled send time, ms, over every request (a given-up request counts its time until then). */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** How late the client sent, ms (actual − scheduled): large values mean the load generator lagged. */
  sendLagP99: number;
  sendLagMax: number;
  /** Answers by status: '200', '503', …, plus 'timeout' and 'error' (connection failures). */
  statuses: Record<string, number>;
  /** False when the send or the completion rate is below 95% of the target. */
  valid: boolean;
}

/** Offsets (ms from the start) at which requests are due, for `seconds` at `rate`. */
export function schedule(rate: number, seconds: number, arrivals: Arrivals, seed: number): Float64Array {
  const spanMs = seconds * 1000;
  const gap = 1000 / rate;
  if (arrivals === 'uniform') {
    const n = Math.floor(rate * seconds);
    return Float64Array.from({ length: n }, (_, i) => i * gap);
  }
  const rng = new Rng(seed, `arrivals/${rate}`);
  const times: number[] = [];
  // Exponential gaps; uniform() is on the open interval (0, 1), so the log is finite.
  for (let t = -gap * Math.log(rng.uniform()); t < spanMs; t += -gap * Math.log(rng.uniform())) times.push(t);
  return Float64Array.from(times);
}

/** The q-quantile (nearest rank) of ascending `sorted`; NaN when empty. */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Runs one schedule against host:port and resolves once every request has ended. */
export function openLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const due = schedule(options.rate, options.seconds, options.arrivals, options.seed);
  const n = due.length;
  const latency = new Float64Array(n);
  const lag = new Float64Array(n);
  const statuses: Record<string, number> = {};
  let sent = 0;
  let completed = 0;
  let lastSend = 0;
  let lastDone = 0;
  // A short lead so the first request is not already late when the timer starts.
  const start = performance.now() + 20;
  const headers = { 'content-type': 'application/json' };

  const offered = n / options.seconds;

  return new Promise((resolve) => {
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      // Off the hot path: the run is over, so sorting plain arrays is fine (no percentile library).
      const lat = latency.subarray(0, sent).sort();
      const lags = lag.subarray(0, sent).sort();
      const sendSpan = Math.max(options.seconds * 1000, lastSend - start);
      const doneSpan = Math.max(options.seconds * 1000, lastDone - start);
      const sendRate = (sent / sendSpan) * 1000;
      const completionRate = (completed / doneSpan) * 1000;
      resolve({
        targetRate: options.rate,
        seconds: options.seconds,
        arrivals: options.arrivals,
        scheduled: n,
        sent,
        completed,
        sendRate,
        completionRate,
        p50: quantile(lat, 0.5),
        p90: quantile(lat, 0.9),
        p99: quantile(lat, 0.99),
        max: lat.length > 0 ? lat[lat.length - 1]! : Number.NaN,
        sendLagP99: quantile(lags, 0.99),
        sendLagMax: lags.length > 0 ? lags[lags.length - 1]! : Number.NaN,
        statuses,
        // Against the schedule's own rate: with Poisson arrivals it holds about rate × seconds requests, not exactly.
        valid: sendRate >= 0.95 * offered && completionRate >= 0.95 * offered,
      });
    };

    const done = (i: number, scheduledAt: number, status: string): void => {
      const now = performance.now();
      latency[i] = now - scheduledAt;
      statuses[status] = (statuses[status] ?? 0) + 1;
      lastDone = now;
      completed++;
      if (completed === sent && (sent === n || options.stopped?.())) finish();
    };

    const send = (i: number): void => {
      const scheduledAt = start + due[i]!;
      const now = performance.now();
      lag[i] = now - scheduledAt;
      lastSend = now;
      sent++;
      const body = options.bodies[i % options.bodies.length]!;
      let ended = false;
      const end = (status: string): void => {
        if (ended) return;
        ended = true;
        clearTimeout(timer);
        done(i, scheduledAt, status);
      };
      const req = request(
        {
          host: options.host,
          port: options.port,
          path: options.path,
          method: 'POST',
          agent: options.agent,
          headers: { ...headers, 'content-length': body.length },
        },
        (res) => {
          res.on('end', () => end(String(res.statusCode)));
          res.on('error', () => end('error'));
          res.resume();
        },
      );
      const timer = setTimeout(
        () => {
          end('timeout');
          req.destroy();
        },
        Math.max(1, scheduledAt + options.timeoutMs - now),
      );
      req.on('error', () => end('error'));
      req.end(body);
    };

    let next = 0;
    const tick = (): void => {
      const now = performance.now();
      while (next < n && start + due[next]! <= now) send(next++);
      if (next < n && !options.stopped?.()) {
        setTimeout(tick, Math.max(0, start + due[next]! - performance.now()));
      } else if (completed === sent) {
        // Nothing in flight (stopped early, or an empty schedule): report what there is.
        finish();
      }
      // Otherwise the last answer calls finish().
    };
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
}

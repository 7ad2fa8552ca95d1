/**
 * The highest request rate a service sustains within a latency bound: open-loop runs at rising
 * rates (×1.5 from a start rate, or ×2/3 downwards when the start already fails) until one fails,
 * then bisection between the last passing and the first failing rate down to `resolution`. A rate
 * passes when the run is valid (sent and answered at ≥ 95% of the target), every answer is a 200
 * and p99 is within the bound: a shed 503 answers fast and must not pass for capacity.
 * Short runs make p99 noisy and the search assumes it rises with the rate; the steps are all kept
 * so a reader can see the curve.
 */
import type { OpenLoopResult } from './open-loop.js';

/** One tried rate. */
export interface CeilingStep {
  rate: number;
  pass: boolean;
  /** Why it failed: 'p99', 'invalid' (rate not kept up), 'non-200'. */
  reasons: string[];
  result: OpenLoopResult;
}

/** The search's outcome. */
export interface Ceiling {
  boundMs: number;
  /** Highest passing rate (null: none passed), with its run. */
  rate: number | null;
  p99: number | null;
  /** Lowest failing rate (null: none failed up to maxRate). */
  firstFail: number | null;
  steps: CeilingStep[];
}

export interface CeilingOptions {
  boundMs: number;
  startRate: number;
  /** Stop bisecting when failing − passing ≤ max(this, 10% of passing), req/s. */
  resolution: number;
  minRate: number;
  maxRate: number;
  maxSteps: number;
  /** A run already made at startRate (e.g. the fixed-rate run), reused instead of a new one. */
  startResult?: OpenLoopResult;
}

/** Why a run fails the bound (empty: it passes). */
export function failures(result: OpenLoopResult, boundMs: number): string[] {
  const reasons: string[] = [];
  if (!result.valid) reasons.push('invalid');
  if ((result.statuses['200'] ?? 0) !== result.scheduled) reasons.push('non-200');
  if (!(result.p99 <= boundMs)) reasons.push('p99');
  return reasons;
}

const round5 = (rate: number): number => Math.max(5, Math.round(rate / 5) * 5);

/** Searches the ceiling, running `run(rate)` for each rate it tries. */
export async function searchCeiling(
  run: (rate: number) => Promise<OpenLoopResult>,
  options: CeilingOptions,
  onStep: (step: CeilingStep) => void = () => undefined,
): Promise<Ceiling> {
  const steps: CeilingStep[] = [];
  const tried = new Map<number, CeilingStep>();
  const attempt = async (rate: number, given?: OpenLoopResult): Promise<CeilingStep> => {
    const known = tried.get(rate);
    if (known) return known;
    const result = given ?? (await run(rate));
    const reasons = failures(result, options.boundMs);
    const step = { rate, pass: reasons.length === 0, reasons, result };
    steps.push(step);
    tried.set(rate, step);
    onStep(step);
    return step;
  };

  let pass: CeilingStep | null = null;
  let fail: CeilingStep | null = null;
  const first = await attempt(options.startRate, options.startResult);
  if (first.pass) pass = first;
  else fail = first;
  // Walk outwards until the bound is crossed.
  while (steps.length < options.maxSteps) {
    if (pass && !fail) {
      const rate = round5(pass.rate * 1.5);
      if (rate > options.maxRate) break;
      const step = await attempt(rate);
      if (step.pass) pass = step;
      else fail = step;
    } else if (fail && !pass) {
      const rate = round5((fail.rate * 2) / 3);
      if (rate < options.minRate || rate >= fail.rate) break;
      const step = await attempt(rate);
      if (step.pass) pass = step;
      else fail = step;
    } else break;
  }
  // Then bisect between them.
  while (pass && fail && steps.length < options.maxSteps) {
    if (fail.rate - pass.rate <= Math.max(options.resolution, 0.1 * pass.rate)) break;
    const rate = round5((pass.rate + fail.rate) / 2);
    if (rate <= pass.rate || rate >= fail.rate) break;
    const step = await attempt(rate);
    if (step.pass) pass = step;
    else fail = step;
  }
  return {
    boundMs: options.boundMs,
    rate: pass?.rate ?? null,
    p99: pass?.result.p99 ?? null,
    firstFail: fail?.rate ?? null,
    steps,
  };
}

/**
 * A circuit breaker for Redis: after enough consecutive failures it stops sending commands for a
 * cool-down, so an outage costs one fast skip per request instead of one timeout per request,
 * then lets a single trial through and closes again when that trial succeeds.
 */

/** Thresholds of a breaker; `now` is injectable so cool-downs are testable without sleeping. */
export interface BreakerOptions {
  /** Consecutive failures (errors or timeouts) that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before a trial call is let through. */
  coolDownMs: number;
  now?: () => number;
}

/** closed: calls flow; open: calls are skipped; half-open: one trial call decides. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** A plain-object view of a breaker for /readyz and metrics. */
export interface BreakerSnapshot {
  state: BreakerState;
  consecutiveFailures: number;
  /** How many times the circuit has opened since start. */
  opens: number;
  /** When the circuit last opened (ms since epoch), if it ever did. */
  openedAt: number | undefined;
}

/** The breaker's interface: ask before a call, report its outcome after. */
export interface CircuitBreaker {
  /** Whether a call may go out now; in half-open it grants exactly one trial. */
  allow(): boolean;
  /** Reports a successful call. */
  success(): void;
  /** Reports a failed or timed-out call. */
  failure(): void;
  /** The current state and counters. */
  snapshot(): BreakerSnapshot;
}

/** Creates a closed breaker. */
export function createBreaker(options: BreakerOptions): CircuitBreaker {
  const now = options.now ?? Date.now;
  let state: BreakerState = 'closed';
  let failures = 0;
  let opens = 0;
  let openedAt: number | undefined;
  let trialStartedAt = 0;

  const open = () => {
    state = 'open';
    openedAt = now();
    opens += 1;
  };

  return {
    allow() {
      if (state === 'closed') return true;
      if (state === 'open') {
        if (now() - (openedAt ?? 0) < options.coolDownMs) return false;
        state = 'half-open';
        trialStartedAt = now();
        return true;
      }
      // Half-open with a trial out: wait for it, unless it never reported back (then try again).
      if (now() - trialStartedAt < options.coolDownMs) return false;
      trialStartedAt = now();
      return true;
    },
    success() {
      // A late success from a call sent before the circuit opened proves little; only closed
      // and half-open states take it into account.
      if (state === 'open') return;
      state = 'closed';
      failures = 0;
    },
    failure() {
      if (state === 'open') return;
      failures += 1;
      if (state === 'half-open' || failures >= options.failureThreshold) open();
    },
    snapshot() {
      return { state, consecutiveFailures: failures, opens, openedAt };
    },
  };
}

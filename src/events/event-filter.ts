/** Which stored events a read returns. */
import type { FeedbackEvent } from './event-types.js';

/** Which events to read; times are Unix milliseconds of the events' own timestamps. */
export interface EventFilter {
  /** Inclusive lower bound. */
  since?: number | undefined;
  /** Exclusive upper bound. */
  until?: number | undefined;
  experimentId?: string | undefined;
}

/** True when the event passes the filter. */
export function matchesFilter(event: FeedbackEvent, filter: EventFilter): boolean {
  if (filter.since !== undefined && event.timestamp < filter.since) return false;
  if (filter.until !== undefined && event.timestamp >= filter.until) return false;
  if (filter.experimentId !== undefined && event.experimentId !== filter.experimentId) return false;
  return true;
}

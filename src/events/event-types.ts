/**
 * Feedback events as POST /v1/events accepts them and the event store keeps them. One shape for
 * impressions and every kind of feedback; `value` carries watch seconds and ratings.
 */

export const EVENT_TYPES = ['impression', 'click', 'watch', 'like', 'dismiss', 'rating'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** One event. */
export interface FeedbackEvent {
  /** Caller-chosen unique id: re-sending the same id is acknowledged but stored once. */
  eventId: string;
  type: EventType;
  userId: string;
  itemId: string;
  /** The rank response's requestId the item was shown in, when known. */
  requestId?: string;
  /** The experiment and variant of that rank response, when any. */
  experimentId?: string;
  variant?: string;
  /** Unix milliseconds; defaults to the time of receipt. */
  timestamp: number;
  /** Watch: seconds watched. Rating: the rating. */
  value?: number;
  /** Impression: 1-based position shown. */
  position?: number;
  /** Impression: device (and any context worth keeping for training). */
  device?: string;
  context?: Record<string, unknown>;
}

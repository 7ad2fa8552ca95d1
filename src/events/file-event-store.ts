/**
 * File mode of the event store: an append-only JSONL file, fsync'd before an append resolves.
 * The ids already stored are rebuilt from the file at start (memory: one Set entry per event),
 * and checked inside the log's write queue, so two concurrent appends of one id store it once.
 *
 * The same store is the Redis backend's spool; `takeAll` hands its file over for replay.
 */
import { type AppendLog, openAppendLog, readLog } from './append-log.js';
import { type EventFilter, matchesFilter } from './event-filter.js';
import type { AppendResult, EventStore } from './event-store.js';
import type { FeedbackEvent } from './event-types.js';

/** The file store, plus what the Redis spool needs. */
export interface FileEventStore extends EventStore {
  /** Events in the file. */
  readonly count: number;
  /** Moves the file to `to` and starts afresh; resolves with the events moved (0: nothing moved). */
  takeAll(to: string): Promise<number>;
}

/** Opens (or starts) the event file at `path`. */
export async function openFileEventStore(path: string): Promise<FileEventStore> {
  const log: AppendLog = await openAppendLog(path);
  const seen = new Set<string>();
  for await (const event of readLog<FeedbackEvent>(path)) seen.add(event.eventId);

  return {
    get count() {
      return seen.size;
    },
    append(events) {
      // Checking and writing inside the queue makes "new id?" and "write it" one step.
      return log.exclusive(async (ops) => {
        const { result, fresh } = splitFresh(events, (id) => seen.has(id));
        await ops.write(fresh);
        for (const event of fresh) seen.add(event.eventId);
        return result;
      });
    },
    read: (filter = {}) => readEventFile(path, filter),
    state: () => ({ backend: 'file', spooled: 0 }),
    drain: async () => 0,
    takeAll(to) {
      return log.exclusive(async (ops) => {
        const count = seen.size;
        const moved = await ops.moveTo(to);
        seen.clear();
        return moved ? count : 0;
      });
    },
    close: () => log.close(),
  };
}

/**
 * Splits a batch into the events to store (first occurrence of an id not stored before) and the
 * rest, and counts both.
 */
export function splitFresh(
  events: readonly FeedbackEvent[],
  stored: (eventId: string) => boolean,
): { result: AppendResult; fresh: FeedbackEvent[] } {
  const inBatch = new Set<string>();
  const fresh: FeedbackEvent[] = [];
  const flags = events.map((event) => {
    if (stored(event.eventId) || inBatch.has(event.eventId)) return false;
    inBatch.add(event.eventId);
    fresh.push(event);
    return true;
  });
  return {
    result: { stored: fresh.length, duplicates: events.length - fresh.length, fresh: flags },
    fresh,
  };
}

/** Streams the events of a JSONL event file that pass the filter (none when it does not exist). */
export async function* readEventFile(path: string, filter: EventFilter = {}): AsyncGenerator<FeedbackEvent> {
  for await (const event of readLog<FeedbackEvent>(path)) {
    if (matchesFilter(event, filter)) yield event;
  }
}

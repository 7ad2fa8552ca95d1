/** Shared pieces of the event tests: event factories and temp folders. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { EventFilter } from '../../src/events/event-filter.js';
import type { FeedbackEvent } from '../../src/events/event-types.js';

/** A temp folder removed after the file's tests. */
export function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `multirank-${name}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** An event with sensible defaults; `id` becomes the eventId. */
export function event(id: string, fields: Partial<FeedbackEvent> = {}): FeedbackEvent {
  return {
    eventId: id,
    type: 'impression',
    userId: 'u1',
    itemId: 'v1',
    timestamp: 1_700_000_000_000,
    ...fields,
  };
}

/** n impressions e{start}..e{start+n-1}, one millisecond apart. */
export function events(n: number, start = 0): FeedbackEvent[] {
  return Array.from({ length: n }, (_, i) =>
    event(`e${start + i}`, { itemId: `v${start + i}`, timestamp: 1_700_000_000_000 + start + i }),
  );
}

/** Everything a read yields, as an array. */
export async function collect(
  source: { read(filter?: EventFilter): AsyncIterable<FeedbackEvent> },
  filter?: EventFilter,
): Promise<FeedbackEvent[]> {
  const out: FeedbackEvent[] = [];
  for await (const e of source.read(filter)) out.push(e);
  return out;
}

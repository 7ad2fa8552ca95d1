/** File mode of the event store: fsync'd JSONL, idempotent by eventId across restarts. */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEventStore } from '../../src/events/event-store.js';
import { openFileEventStore } from '../../src/events/file-event-store.js';
import { collect, event, events, tempDir } from './helpers.js';

const dir = tempDir('file-events');
let n = 0;
const fresh = () => join(dir, `events-${n++}`, 'events.jsonl'); // the folder is created on first write

describe('file event store', () => {
  it('stores an id once and acknowledges both sends; the file holds it once', async () => {
    const path = fresh();
    const store = await openEventStore({ file: path });
    expect(await store.append([event('a')])).toEqual({ stored: 1, duplicates: 0, fresh: [true] });
    expect(await store.append([event('a'), event('b'), event('b')])).toEqual({
      stored: 1,
      duplicates: 2,
      fresh: [false, true, false],
    });
    // Acknowledged means on disk: the file is complete the moment append resolves.
    expect(
      readFileSync(path, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).eventId),
    ).toEqual(['a', 'b']);
    expect(store.state()).toEqual({ backend: 'file', spooled: 0 });
    await store.close();
  });

  it('rebuilds the seen ids from the file at start', async () => {
    const path = fresh();
    const first = await openFileEventStore(path);
    await first.append(events(3));
    await first.close();
    const second = await openFileEventStore(path);
    expect(second.count).toBe(3);
    expect(await second.append(events(4))).toMatchObject({ stored: 1, duplicates: 3 });
    expect((await collect(second)).map((e) => e.eventId)).toEqual(['e0', 'e1', 'e2', 'e3']);
    await second.close();
  });

  it('stores one copy when the same id arrives in concurrent appends', async () => {
    const store = await openFileEventStore(fresh());
    const results = await Promise.all(Array.from({ length: 5 }, () => store.append([event('same')])));
    expect(results.map((r) => r.stored).sort()).toEqual([0, 0, 0, 0, 1]);
    expect(await collect(store)).toHaveLength(1);
    await store.close();
  });

  it('cuts off a torn last line (a crash mid-write) at start, so the next event starts a clean line', async () => {
    const path = join(dir, 'torn.jsonl');
    writeFileSync(path, `${JSON.stringify(event('ok'))}\n`);
    appendFileSync(path, '{"eventId":"half","ty'); // never acknowledged
    const store = await openFileEventStore(path);
    await store.append([event('next')]);
    expect((await collect(store)).map((e) => e.eventId)).toEqual(['ok', 'next']);
    await store.close();
  });

  it('reads by time range (since inclusive, until exclusive) and experiment', async () => {
    const store = await openFileEventStore(fresh());
    const t = 1_700_000_000_000;
    await store.append([
      event('a', { timestamp: t, experimentId: 'x1' }),
      event('b', { timestamp: t + 10, experimentId: 'x2' }),
      event('c', { timestamp: t + 20, experimentId: 'x1' }),
    ]);
    const ids = async (filter: Parameters<typeof store.read>[0]) =>
      (await collect(store, filter)).map((e) => e.eventId);
    expect(await ids({ since: t + 10 })).toEqual(['b', 'c']);
    expect(await ids({ until: t + 20 })).toEqual(['a', 'b']);
    expect(await ids({ experimentId: 'x1' })).toEqual(['a', 'c']);
    expect(await ids({ since: t, until: t + 20, experimentId: 'x1' })).toEqual(['a']);
    await store.close();
  });

  it('reads nothing (no error) before the first event', async () => {
    const store = await openFileEventStore(fresh());
    expect(await collect(store)).toEqual([]);
    await store.close();
  });
});

/**
 * Keeps this replica's models in step with the live catalog in Redis (src/catalog/), without
 * reloading a bundle: at start the whole catalog is read (HSCAN, scans connection), then the
 * change stream is followed every `refreshMs` (one script call on the writes connection). Each
 * change reaches every model served: its item catalog (each changed item encoded there, once,
 * ranking/live-catalog.ts; the scoring workers hold none) and its candidate index (items appended,
 * `fresh` recomputed, candidates/live-lists.ts). Every `candidatesRefreshSeconds` popular and trending are recomputed
 * from the clicks in the event stream since the index was built.
 *
 * A change the follower missed (the stream trimmed past it, Redis lost its data) shows as a gap in
 * the versions and the whole catalog is read again. Redis failing leaves the last known catalog in
 * place (ranking goes on with it, or with the bundle's alone when Redis was never reached).
 */
import { appendItems, freshList } from '../candidates/live-lists.js';
import type { CandidateIndex } from '../candidates/types.js';
import { type ClickFeed, createClickFeed } from '../catalog/click-feed.js';
import { createLiveState, type LiveState } from '../catalog/live-state.js';
import type { LiveItem } from '../catalog/records.js';
import { DEFAULT_CATALOG_PREFIX, readChanges, readHead, scanItems } from '../catalog/redis-catalog.js';
import { tableColumns } from '../model/serving-tables.js';
import type { CatalogChange } from '../ranking/item-catalog.js';
import type { ServedModel } from '../ranking/served-model.js';
import { type RedisClient, redisFor, untilReady } from '../storage/redis.js';

/** A pino-compatible logger subset. */
export interface CatalogLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/** Settings of the follower. */
export interface CatalogSyncOptions {
  /** The service's Redis (its writes and scans connections are used); without it: the bundle's catalog only. */
  redis?: RedisClient | undefined;
  /** Poll interval of the change stream (MULTIRANK_CATALOG_REFRESH_MS); 0: only on `refresh()`. */
  refreshMs: number;
  /** Popular and trending refresh (MULTIRANK_CANDIDATES_REFRESH_SECONDS); 0: the index's lists stay. */
  candidatesRefreshSeconds: number;
  /** Called with users whose pushed features changed (so cached copies are forgotten). */
  onUsers?: (userIds: readonly string[]) => void;
  /** Request-context key of the device (click events may carry it there). */
  contextDevice: string;
  keyPrefix?: string;
  log?: CatalogLog | undefined;
}

/** Where the replica's catalog stands, for /readyz. */
export interface CatalogSyncState {
  status: 'ok' | 'degraded';
  /** Live items held (taken-down ones included). */
  items: number;
  /** The version of the last change applied (null: none yet). */
  version: number | null;
  syncedAt: string | null;
  detail: string;
}

/** This replica's follower of the live catalog. */
export interface CatalogSync {
  readonly state: LiveState;
  /** Reads the catalog once (a failure is logged, not thrown) and starts following. */
  start(): Promise<void>;
  /** Brings a loaded model in step and keeps it so until it is disposed; returns the model to serve. */
  attach(model: ServedModel): Promise<ServedModel>;
  /** Applies items this replica just wrote as catalog version `version`, at once (the stream's entry is then skipped). */
  applyLocal(items: readonly LiveItem[], version: number): void;
  /** Follows the change stream now (the timer does this every refreshMs). */
  refresh(): Promise<void>;
  /** Recomputes popular and trending now (the timer does this every candidatesRefreshSeconds). */
  refreshLists(): Promise<void>;
  status(): CatalogSyncState;
  /** Stops the timers. */
  close(): Promise<void>;
}

/** Changes applied to a model per call: bounds one step's work on the event loop. */
const CHUNK = 5000;
/** Stream entries read per call. */
const ENTRIES_PER_READ = 100;

const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Whether two models read the same item columns (a live catalog cut for one fits the other). */
function sameItemColumns(a: ServedModel, b: ServedModel): boolean {
  const columns = (model: ServedModel) => JSON.stringify(tableColumns(model.bundle.fitted, 'item'));
  return columns(a) === columns(b);
}

/** Builds the follower; nothing is read before `start`. */
export function createCatalogSync(options: CatalogSyncOptions): CatalogSync {
  const prefix = options.keyPrefix ?? DEFAULT_CATALOG_PREFIX;
  const writes = options.redis && redisFor(options.redis, 'writes');
  const scans = options.redis && redisFor(options.redis, 'scans');
  const clicks: ClickFeed | null = scans ? createClickFeed(scans, options.contextDevice) : null;
  const state = createLiveState();
  const models = new Set<ServedModel>();
  let last: string | null = null;
  let version: number | null = null;
  let syncedAt: string | null = null;
  let failure: string | undefined;
  let closed = false;

  /** The model's candidate index side of a change: new items appended, fresh recomputed. */
  const updateIndex = (index: CandidateIndex | null, items: readonly LiveItem[]) => {
    if (!index) return;
    appendItems(
      index,
      items.filter((item) => item.features !== null).map((item) => item.itemId),
    );
    index.fresh = freshList(index, state.newest(), (id) => state.get(id) !== undefined, state.isAvailable);
  };

  const toModel = (model: ServedModel, items: readonly LiveItem[]) => {
    model.updateCatalog(items.map((item): CatalogChange => [item.itemId, item.features]));
    updateIndex(model.candidates, items);
  };

  /** Versions this replica wrote and applied already: their stream entries are skipped unread. */
  const own = new Set<number>();
  /** Whether a change is newer than the item held (an entry read late must not undo a later write). */
  const newer = (item: LiveItem) => (state.get(item.itemId)?.version ?? 0) < (item.version ?? 0);
  /** Whether a value read from the hash is another write than the one held. */
  const changed = (item: LiveItem) => {
    const held = state.get(item.itemId);
    return !held || held.updatedAt !== item.updatedAt || held.createdAt !== item.createdAt;
  };

  const apply = (items: readonly LiveItem[]) => {
    if (items.length === 0) return;
    state.apply(items);
    for (const model of models) toModel(model, items);
  };

  /** Reads every stored item, applying what differs from what is held, then follows from the head. */
  async function reload(from: RedisClient, pages: RedisClient): Promise<void> {
    const head = await readHead(from, prefix);
    const seen = new Set<string>();
    const at = head.version ?? 0;
    for await (const page of scanItems(pages, prefix)) {
      for (const item of page) seen.add(item.itemId);
      // Stamped with the head's version: a later entry replayed after the scan still applies.
      // (The page's items are this loop's own: stamped in place, not copied, for a million items.)
      const fresh = page.filter(changed);
      for (const item of fresh) item.version = at;
      apply(fresh);
      await yieldToRequests();
    }
    const gone = state.retain(seen);
    for (const model of models) {
      model.updateCatalog(gone.map((id): CatalogChange => [id, undefined]));
      updateIndex(model.candidates, []);
    }
    last = head.last;
    version = head.version;
    for (const mine of own) if (mine <= at) own.delete(mine);
    options.log?.info({ items: state.size, version }, 'live catalog loaded from Redis');
  }

  /** Applies the stream's entries since the last one applied; a gap in versions reloads everything. */
  async function follow(from: RedisClient, pages: RedisClient): Promise<void> {
    if (last === null) return reload(from, pages);
    for (;;) {
      const read = await readChanges(from, last, ENTRIES_PER_READ, prefix);
      if (read.entries.length === 0 && read.version !== version) return reload(from, pages);
      for (const entry of read.entries) {
        if (version !== null && entry.version !== version + 1) return reload(from, pages);
        if (!own.delete(entry.version)) apply(entry.items().filter(newer));
        if (entry.users.length > 0) options.onUsers?.(entry.users);
        last = entry.id;
        version = entry.version;
      }
      if (read.entries.length < ENTRIES_PER_READ) return;
    }
  }

  /**
   * Brings a newly loaded model's catalog up to the live one: from a model already served that
   * reads the same item columns (its changes, read as they stand, so none is older than what the
   * stream brings meanwhile), else from the hash in Redis (a page's item is skipped when a newer
   * change to it was applied while the page was on its way).
   */
  async function catchUp(model: ServedModel, peer: ServedModel | undefined): Promise<void> {
    if (!model.catalog) return;
    if (peer?.catalog) {
      let chunk: CatalogChange[] = [];
      for (const change of peer.catalog.changes()) {
        chunk.push(change);
        if (chunk.length === CHUNK) {
          model.updateCatalog(chunk);
          chunk = [];
          await yieldToRequests();
        }
      }
      model.updateCatalog(chunk);
      return;
    }
    if (!scans) return;
    try {
      for await (const page of scanItems(scans, prefix)) {
        const current = page.filter((item) => (state.get(item.itemId)?.updatedAt ?? 0) <= item.updatedAt);
        model.updateCatalog(current.map((item): CatalogChange => [item.itemId, item.features]));
        await yieldToRequests();
      }
    } catch (error) {
      options.log?.warn(
        { err: (error as Error).message, model: model.version },
        'live catalog: Redis failed while a model loaded; it serves the bundle catalog until the next change of each item',
      );
    }
  }

  // Reads run one at a time, so an older page never lands after a newer one.
  let chain: Promise<unknown> = Promise.resolve();
  const serial = (task: () => Promise<void>): Promise<void> => {
    const next = chain.then(task, task);
    chain = next.catch(() => undefined);
    return next;
  };

  const refresh = () =>
    serial(async () => {
      if (!writes || !scans) return;
      try {
        await follow(writes, scans);
        syncedAt = new Date().toISOString();
        if (failure !== undefined) options.log?.info({ version }, 'live catalog synced with Redis again');
        failure = undefined;
      } catch (error) {
        if (failure === undefined)
          options.log?.warn(
            { err: (error as Error).message },
            'live catalog: Redis failed; serving the last known catalog',
          );
        failure = (error as Error).message;
      }
    });

  /** Popular and trending of every model, from the clicks since its index was built. */
  const refreshLists = async () => {
    const active = [...models].at(-1);
    const index = active?.candidates;
    if (!clicks || !index) return;
    try {
      await clicks.follow(index.meta.halfLifeDays, index.meta.lastTimestamp);
    } catch (error) {
      options.log?.warn({ err: (error as Error).message }, 'live catalog: reading clicks failed; lists kept');
      return;
    }
    const counts = clicks.counts;
    const now = Date.now() / 1000;
    for (const model of models) {
      const own = model.candidates;
      if (!counts || !own || own.meta.lastTimestamp !== counts.since) continue;
      const lists = counts.lists(own, now, state.isAvailable);
      own.popular = lists.popular;
      own.trending = lists.trending;
    }
  };

  const stops: (() => void)[] = [];
  /** Runs `task` every `ms` after each run ends (at once first when `now`), until close. */
  const every = (ms: number, task: () => Promise<void>, now = false) => {
    if (ms <= 0 || !writes) return;
    let timer: NodeJS.Timeout | undefined;
    const tick = () => {
      void task().then(() => {
        if (closed) return;
        timer = setTimeout(tick, ms);
        timer.unref();
      });
    };
    if (now) tick();
    else {
      timer = setTimeout(tick, ms);
      timer.unref();
    }
    stops.push(() => clearTimeout(timer));
  };

  // Lists have their own queue: a first read of a long event stream must not hold up the catalog.
  let lists: Promise<unknown> = Promise.resolve();
  const serialLists = (): Promise<void> => {
    const next = lists.then(refreshLists, refreshLists);
    lists = next.catch(() => undefined);
    return next;
  };

  return {
    state,
    async start() {
      if (writes) await untilReady(writes, 1000);
      await refresh();
      every(options.refreshMs, refresh);
      every(options.candidatesRefreshSeconds * 1000, serialLists, true);
    },
    async attach(model) {
      // Registered first: changes during the catch-up reach it too.
      const peer = [...models].find((other) => sameItemColumns(other, model));
      models.add(model);
      if (state.size > 0) await catchUp(model, peer);
      if (model.candidates) {
        const live: string[] = [];
        for (const [id, entry] of state.entries()) if (entry.available) live.push(id);
        appendItems(model.candidates, live);
      }
      updateIndex(model.candidates, []);
      const dispose = model.dispose;
      return {
        ...model,
        dispose() {
          models.delete(model);
          dispose();
        },
      };
    },
    applyLocal(items, written) {
      own.add(written);
      apply(items.map((item) => ({ ...item, version: written })).filter(newer));
    },
    refresh,
    refreshLists: serialLists,
    status() {
      const base = { items: state.size, version, syncedAt };
      if (!writes) return { status: 'ok', ...base, detail: 'bundle catalog only (no Redis)' };
      if (failure !== undefined) return { status: 'degraded', ...base, detail: `redis: ${failure}` };
      if (last === null) return { status: 'degraded', ...base, detail: 'redis: not loaded yet' };
      return { status: 'ok', ...base, detail: `${state.size} live items, version ${version ?? 'none'}` };
    },
    async close() {
      closed = true;
      for (const stop of stops) stop();
      await Promise.all([chain, lists]);
    },
  };
}

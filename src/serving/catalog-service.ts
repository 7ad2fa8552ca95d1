/**
 * What the items and users routes call: pushes checked against the served model, written to
 * Redis (the writes connection) and applied to this replica at once; every other replica picks
 * them up from the change stream (catalog-sync.ts). Reads show what ranking uses and where it
 * comes from. Without Redis the writes answer 503 and ranking goes on with the bundle's catalog.
 */
import { featuresProblem, itemJson, type LiveItem, uploadTimeOf } from '../catalog/records.js';
import { noteUsers, readItem, writeItems } from '../catalog/redis-catalog.js';
import type { RawRecord } from '../data/records.js';
import { MultirankError } from '../errors.js';
import type { FeatureLayer, UserFeatureStore } from '../features/user-store/index.js';
import { type RedisClient, redisFor } from '../storage/redis.js';
import type { CatalogSync } from './catalog-sync.js';
import type { ModelRegistry } from './model-registry.js';

/** One item of a PUT. */
export interface ItemInput {
  itemId: string;
  features: RawRecord;
}

/** What a PUT of items did: each entry stored or named with its problem. */
export interface PutItemsResult {
  stored: number;
  rejected: { index: number; itemId: string; message: string }[];
  /** The catalog version of the write (null when nothing was written). */
  version: number | null;
}

/** An item as ranking sees it. */
export interface ItemView {
  itemId: string;
  /** `api`: pushed or taken down through the API; `bundle`: the served model's items.jsonl. */
  source: 'api' | 'bundle';
  /** False once taken down: never returned by ranking. */
  available: boolean;
  /** As pushed (api), or the bundle's record cut to the columns the model reads; null when taken down. */
  features: RawRecord | null;
  /** Upload time (unix seconds) the fresh generator orders by: `upload_time`, else the first push. */
  uploadTime?: number;
  createdAt?: string;
  updatedAt?: string;
}

/** A user's features as ranking sees them. */
export interface UserView {
  userId: string;
  features: RawRecord;
  /** Where they come from: pushed, the Redis cache of the origin, the origin, or defaults. */
  source: Exclude<FeatureLayer, 'l1'>;
}

/** The items and users API of the core. */
export interface CatalogService {
  putItems(items: readonly ItemInput[]): Promise<PutItemsResult>;
  getItem(itemId: string): Promise<ItemView>;
  /** Takes an item down on every replica; any id, known or not, so a caller cannot bring it back. */
  deleteItem(itemId: string): Promise<void>;
  putUser(userId: string, features: RawRecord): Promise<UserView>;
  getUser(userId: string): Promise<UserView>;
}

const unavailable = (what: string, cause?: unknown) =>
  new MultirankError('UNAVAILABLE', `${what} needs Redis, which is unavailable; nothing was changed`, {
    cause,
  });

/** The service over the registry (the served model checks pushes), Redis and this replica's follower. */
export function createCatalogService(options: {
  registry: ModelRegistry;
  sync: CatalogSync;
  users: UserFeatureStore;
  redis?: RedisClient | undefined;
  keyPrefix?: string;
}): CatalogService {
  const { registry, sync, users } = options;
  const writes = options.redis && redisFor(options.redis, 'writes');

  /** Writes stored JSON per item stamped `now`; Redis failing is a 503, nothing half-applied (one script). */
  const write = async (
    entries: (readonly [string, string])[],
    now: number,
    what: string,
  ): Promise<number> => {
    if (!writes) throw unavailable(what);
    try {
      return await writeItems(writes, entries, now, options.keyPrefix);
    } catch (error) {
      throw unavailable(what, error);
    }
  };

  /** An item as the write stored it (the first time as this replica knows it), to apply at once. */
  const local = (itemId: string, features: RawRecord | null, now: number): LiveItem => ({
    itemId,
    features,
    createdAt: sync.state.get(itemId)?.createdAt ?? now,
    updatedAt: now,
  });

  const view = (item: LiveItem): ItemView => ({
    itemId: item.itemId,
    source: 'api',
    available: item.features !== null,
    features: item.features,
    ...(item.features ? { uploadTime: uploadTimeOf(item) } : {}),
    createdAt: new Date(item.createdAt).toISOString(),
    updatedAt: new Date(item.updatedAt).toISOString(),
  });

  return {
    async putItems(items) {
      if (!writes) throw unavailable('pushing items');
      const { fitted } = registry.active().bundle;
      const rejected: PutItemsResult['rejected'] = [];
      const good: ItemInput[] = [];
      items.forEach((item, index) => {
        const problem = featuresProblem(fitted, 'item', item.itemId, item.features);
        if (problem)
          rejected.push({ index, itemId: item.itemId, message: `items[${index}].features.${problem}` });
        else good.push(item);
      });
      if (good.length === 0) return { stored: 0, rejected, version: null };
      const now = Date.now();
      const version = await write(
        good.map((item) => [item.itemId, itemJson(item.itemId, item.features)] as const),
        now,
        'pushing items',
      );
      sync.applyLocal(
        good.map((item) => local(item.itemId, item.features, now)),
        version,
      );
      return { stored: good.length, rejected, version };
    },

    async getItem(itemId) {
      let stored: LiveItem | null = null;
      let read = false;
      try {
        stored = writes ? await readItem(writes, itemId, options.keyPrefix) : null;
        read = writes !== undefined;
      } catch {
        // Redis down: this replica's copy (the served model's catalog) is the best answer there is.
      }
      if (stored) return view(stored);
      const held = read ? undefined : sync.state.get(itemId);
      if (held && !held.available) return view({ itemId, features: null, ...held });
      const record = registry.active().catalog?.get(itemId);
      if (!record) throw new MultirankError('NOT_FOUND', `itemId: no item "${itemId}" in the catalog`);
      if (held) return view({ itemId, features: record, ...held });
      return { itemId, source: 'bundle', available: true, features: record };
    },

    async deleteItem(itemId) {
      const now = Date.now();
      const version = await write([[itemId, itemJson(itemId, null)]], now, 'taking an item down');
      sync.applyLocal([local(itemId, null, now)], version);
    },

    async putUser(userId, features) {
      const problem = featuresProblem(registry.active().bundle.fitted, 'user', userId, features);
      if (problem) throw new MultirankError('BAD_REQUEST', `features.${problem}`);
      await users.push(userId, features);
      // Other replicas forget their cached copy when the stream says so; a failure here only
      // leaves theirs for the in-process cache's lifetime (10 s).
      if (writes) await noteUsers(writes, [userId], options.keyPrefix).catch(() => undefined);
      return { userId, features, source: 'pushed' };
    },

    async getUser(userId) {
      const user = await users.inspect(userId);
      return { userId, features: user.features, source: user.layer === 'l1' ? 'redis' : user.layer };
    },
  };
}

/**
 * The experiment service: definitions from a file (versioned with the deployment) and the admin
 * API, shared through Redis so every replica serves the same set, and assignment over them.
 *
 * Redis holds one hash of records (id → JSON) and a version counter bumped by every change, both
 * under one hash tag so they share a Cluster slot. Replicas poll the counter (one GET) every
 * `refreshMs` and reload the hash only when it moved. A failed poll keeps the last known set, so a
 * Redis outage freezes the definitions but never stops assignment. Precedence (docs/experiments.md):
 * a file definition is written to Redis when Redis has never seen that exact definition; otherwise
 * Redis (and the API edits it holds) wins, so restarts do not revert API edits.
 *
 * Every write stores the definition with its bucket ranges, rebalanced from the stored previous
 * version (bucket-ranges.ts), so an allocation change moves only the users it must. A write is a
 * compare-and-set on the record it was computed from: of two replicas changing one experiment at
 * once, the later one recomputes on top of the earlier one's ranges.
 *
 * None of this is on a request's path (assignment reads the served set in memory), so the store
 * talks to Redis over the writes connection (MULTIRANK_REDIS_WRITE_TIMEOUT_MS), not the rank
 * path's short timeout: an admin write or a poll on a busy but healthy Redis succeeds.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { MultirankError } from '../errors.js';
import { type RedisClient, redisFor, untilReady } from '../storage/redis.js';
import { withBucketRanges } from './bucket-ranges.js';
import {
  type CheckProfile,
  createAssigner,
  type ForcedVariant,
  type Placement,
  parseExperiment,
  parseExperimentList,
} from './definitions.js';
import type { Assignment, Experiment } from './types.js';

/** A pino-compatible logger subset. */
export interface ExperimentLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/** Settings of the experiment service. */
export interface ExperimentServiceOptions {
  /**
   * Shared store; without it the file's definitions are all there is and the API is read-only.
   * The service's Redis: the store uses its writes connection (redisFor).
   */
  redis?: RedisClient | undefined;
  /** A YAML or JSON file `{experiments: [...]}`, loaded at start; invalid content fails the start. */
  file?: string | undefined;
  /** Poll interval of the version counter. Default 2000 ms; 0 turns polling off (tests). */
  refreshMs?: number;
  /** Keys are `{<keyPrefix>}:defs` and `{<keyPrefix>}:version`. Default `mr:experiments`. */
  keyPrefix?: string;
  /** Checks profiles against the served model (file and PUT; not definitions read back from Redis). */
  checkProfile?: CheckProfile | undefined;
  log?: ExperimentLog | undefined;
  /** At start, how long to wait for a connecting client before the first sync. Default 1000 ms. */
  connectWaitMs?: number;
  now?: () => Date;
}

/** Where the served definitions come from and whether Redis answers. */
export interface ExperimentStoreState {
  status: 'ok' | 'degraded';
  /** `redis`: synced from Redis; `file`: the file only (no Redis, or Redis not reached yet). */
  source: 'redis' | 'file';
  /** The Redis version counter of the served set (null before the first sync). */
  version: number | null;
  /** ISO time of the last successful poll. */
  syncedAt: string | null;
  detail?: string;
}

/** Definitions, assignment and admin changes. */
export interface ExperimentService {
  /** The last known definitions, by id. */
  list(): Experiment[];
  get(id: string): Experiment | undefined;
  /** Validates and stores a definition (400 naming the field; 409 without Redis; 503 Redis down). */
  put(id: string, input: unknown): Promise<{ experiment: Experiment; created: boolean }>;
  /** Removes a definition (404 when unknown; 409 without Redis; 503 Redis down). */
  delete(id: string): Promise<void>;
  /** The user's assignment, null for the default profile; a force names a known experiment and variant (else 400). */
  assign(userId: string, force?: ForcedVariant, field?: string): Assignment | null;
  /** Where the user falls in experiment `id`, for QA; undefined when unknown. */
  place(id: string, userId: string): Placement | undefined;
  /** Polls Redis now (the timer does this every refreshMs). */
  refresh(): Promise<void>;
  state(): ExperimentStoreState;
  /** Stops polling. */
  close(): Promise<void>;
}

/** One Redis hash field: a definition, or null for an API-deleted file definition (a tombstone). */
interface StoredRecord {
  experiment: Experiment | null;
  source: 'file' | 'api';
  /** Content hashes of the file definitions applied under this id (most recent last). */
  fileHashes: string[];
}

const KEEP_FILE_HASHES = 20;
/** Attempts of a compare-and-set write before giving up (each lost one means another writer won). */
const WRITE_ATTEMPTS = 5;

/**
 * Writes record ARGV[3] (delete when empty) under field ARGV[1] only if the field still holds
 * ARGV[2] (empty: absent), and bumps the version counter (created at ARGV[4], the clock, if missing).
 */
const WRITE_IF_UNCHANGED = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if (current or '') ~= ARGV[2] then return 0 end
if ARGV[3] == '' then redis.call('HDEL', KEYS[1], ARGV[1])
else redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) end
redis.call('SET', KEYS[2], ARGV[4], 'NX')
redis.call('INCR', KEYS[2])
return 1`;

/** What `next` of a read-modify-write returns to leave the record as it is. */
const UNCHANGED = Symbol('unchanged');
const silent: ExperimentLog = { info: () => undefined, warn: () => undefined };

/** JSON with object keys sorted, so equal definitions hash equally whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The content hash of a file definition (its updatedAt left out). */
export function definitionHash(experiment: Experiment): string {
  const { updatedAt: _ignored, ...content } = experiment;
  return createHash('sha256').update(canonical(content)).digest('hex').slice(0, 32);
}

/** Reads and validates a definitions file (YAML, or JSON, which is YAML too); errors name file and field. */
export async function loadExperimentsFile(path: string, checkProfile?: CheckProfile): Promise<Experiment[]> {
  let document: unknown;
  try {
    document = parseYaml(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`experiments file ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return parseExperimentList(document, { checkProfile });
  } catch (error) {
    throw new Error(`experiments file ${path}: ${(error as Error).message}`, { cause: error });
  }
}

function freeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) freeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** The stored definition of a record, validated as load() does; undefined when absent or invalid. */
function storedExperiment(id: string, record: StoredRecord | undefined): Experiment | undefined {
  if (!record?.experiment) return undefined;
  try {
    return parseExperiment(id, record.experiment, { stored: true });
  } catch {
    return undefined;
  }
}

function decode(raw: string): StoredRecord {
  const parsed = JSON.parse(raw) as Partial<StoredRecord>;
  return {
    experiment: parsed.experiment ?? null,
    source: parsed.source === 'file' ? 'file' : 'api',
    fileHashes: Array.isArray(parsed.fileHashes)
      ? parsed.fileHashes.filter((h) => typeof h === 'string')
      : [],
  };
}

/** The store's Redis keys: a hash of definitions (id → record JSON) and a version counter, in one slot. */
export function experimentKeys(prefix = 'mr:experiments'): { defsKey: string; versionKey: string } {
  return { defsKey: `{${prefix}}:defs`, versionKey: `{${prefix}}:version` };
}

/** Builds the service: loads the file, syncs with Redis once (a failure is logged, not thrown), starts polling. */
export async function createExperimentService(options: ExperimentServiceOptions): Promise<ExperimentService> {
  const redis = options.redis && redisFor(options.redis, 'writes');
  const log = options.log ?? silent;
  const now = options.now ?? (() => new Date());
  const { defsKey, versionKey } = experimentKeys(options.keyPrefix);
  const fileDefs = options.file ? await loadExperimentsFile(options.file, options.checkProfile) : [];

  let served = new Map<string, Experiment>();
  let assigner = createAssigner([]);
  let version: number | null = null;
  let syncedAt: string | null = null;
  let failure: string | undefined;
  let source: ExperimentStoreState['source'] = 'file';
  let seeded = false;

  const serve = (experiments: Experiment[]) => {
    const sorted = experiments.map(freeze).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    served = new Map(sorted.map((e) => [e.id, e]));
    assigner = createAssigner(sorted);
  };
  serve(fileDefs);

  // Polls, seeding and admin writes run one at a time, so an older snapshot never lands after a newer one.
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = chain.then(task, task);
    chain = next.catch(() => undefined);
    return next;
  };

  const stamp = (experiment: Experiment): Experiment => ({ ...experiment, updatedAt: now().toISOString() });

  /**
   * Read-modify-write of one record: `next` gets the stored record (undefined: none, or not JSON)
   * and returns the record to store, undefined to delete it, or UNCHANGED. The write happens only
   * if the record is still the one `next` saw; otherwise it is read again.
   */
  async function update(
    client: RedisClient,
    id: string,
    next: (previous: StoredRecord | undefined) => StoredRecord | undefined | typeof UNCHANGED,
  ): Promise<void> {
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      const raw = await client.hget(defsKey, id);
      let previous: StoredRecord | undefined;
      try {
        previous = raw === null ? undefined : decode(raw);
      } catch {
        log.warn({ id }, 'experiment record in Redis is not JSON; replaced');
      }
      const record = next(previous);
      if (record === UNCHANGED) return;
      const json = record ? JSON.stringify(record) : '';
      const args = [id, raw ?? '', json, String(Date.now())];
      if ((await client.eval(WRITE_IF_UNCHANGED, 2, defsKey, versionKey, ...args)) === 1) return;
    }
    throw new MultirankError(
      'CONFLICT',
      `experiment "${id}" kept changing under this write (other writers); nothing was changed, retry`,
    );
  }

  /** The record storing `experiment` over `previous`: bucket ranges rebalanced from it, stamped now. */
  const successor = (
    experiment: Experiment,
    previous: StoredRecord | undefined,
    source: StoredRecord['source'],
    fileHashes: string[],
  ): StoredRecord => ({
    experiment: stamp(withBucketRanges(experiment, storedExperiment(experiment.id, previous))),
    source,
    fileHashes,
  });

  async function readRecords(client: RedisClient): Promise<Map<string, StoredRecord>> {
    const raw = await client.hgetall(defsKey);
    const records = new Map<string, StoredRecord>();
    for (const [id, json] of Object.entries(raw)) {
      try {
        records.set(id, decode(json));
      } catch {
        log.warn({ id }, 'experiment record in Redis is not JSON; ignored');
      }
    }
    return records;
  }

  /** Writes file definitions Redis has never seen (first start, or a deployment that changed them). */
  async function seed(client: RedisClient): Promise<void> {
    // A new counter starts at the clock (ms), so after a wipe it never repeats a version a replica holds.
    await client.set(versionKey, String(Date.now()), 'NX');
    for (const definition of fileDefs) {
      const hash = definitionHash(definition);
      let replaced = false;
      let applied = false;
      await update(client, definition.id, (stored) => {
        applied = !stored?.fileHashes.includes(hash);
        if (!applied) return UNCHANGED;
        replaced = stored !== undefined;
        const fileHashes = [...(stored?.fileHashes ?? []), hash].slice(-KEEP_FILE_HASHES);
        return successor(definition, stored, 'file', fileHashes);
      });
      if (applied) log.info({ id: definition.id, replaced }, 'experiment definition from file applied');
    }
  }

  /** Replaces the served set with Redis's; records that fail validation are skipped with a warning. */
  async function load(client: RedisClient): Promise<void> {
    const [current, records] = await Promise.all([client.get(versionKey), readRecords(client)]);
    const experiments: Experiment[] = [];
    for (const [id, record] of records) {
      if (!record.experiment) continue;
      try {
        experiments.push(parseExperiment(id, record.experiment, { stored: true }));
      } catch (error) {
        log.warn({ id, err: (error as Error).message }, 'invalid experiment in Redis; ignored');
      }
    }
    serve(experiments);
    version = current === null ? null : Number(current);
    source = 'redis';
  }

  async function poll(): Promise<void> {
    if (!redis) return;
    try {
      const current = await redis.get(versionKey);
      // The file is offered to Redis once per process, and again whenever Redis lost its data.
      const reseed = !seeded || current === null;
      if (reseed) {
        await seed(redis);
        seeded = true;
      }
      if (reseed || Number(current) !== version) await load(redis);
      syncedAt = now().toISOString();
      if (failure !== undefined) log.info({ version }, 'experiment store synced with Redis again');
      failure = undefined;
    } catch (error) {
      if (failure === undefined)
        log.warn(
          { err: (error as Error).message },
          'experiment store: Redis failed; serving the last known set',
        );
      failure = (error as Error).message;
    }
  }

  /** Runs an admin change against Redis, then reloads; Redis errors become 503, nothing half-applied. */
  async function change<T>(action: (client: RedisClient) => Promise<T>): Promise<T> {
    if (!redis)
      throw new MultirankError(
        'CONFLICT',
        'experiments are read-only without Redis: edit MULTIRANK_EXPERIMENTS_FILE and redeploy, or set REDIS_URL',
      );
    const client = redis;
    return serial(async () => {
      let result: T;
      try {
        result = await action(client);
      } catch (error) {
        if (error instanceof MultirankError) throw error;
        throw new MultirankError('UNAVAILABLE', 'experiment store (Redis) unavailable; nothing was changed', {
          cause: error,
        });
      }
      await load(client).catch(() => undefined);
      return result;
    });
  }

  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  const refreshMs = options.refreshMs ?? 2000;
  const tick = () => {
    void serial(poll).then(() => {
      if (closed) return;
      timer = setTimeout(tick, refreshMs);
      timer.unref();
    });
  };

  if (redis) await untilReady(redis, options.connectWaitMs ?? 1000);
  await serial(poll);
  if (redis && refreshMs > 0) {
    timer = setTimeout(tick, refreshMs);
    timer.unref();
  }

  return {
    list: () => [...served.values()],
    get: (id) => served.get(id),
    async put(id, input) {
      const experiment = parseExperiment(id, input, { checkProfile: options.checkProfile });
      return change(async (client) => {
        let record: StoredRecord | undefined;
        let created = false;
        await update(client, id, (previous) => {
          created = !previous?.experiment;
          record = successor(experiment, previous, 'api', previous?.fileHashes ?? []);
          return record;
        });
        return { experiment: freeze(record?.experiment as Experiment), created };
      });
    },
    async delete(id) {
      await change((client) =>
        update(client, id, (previous) => {
          if (!previous?.experiment) throw new MultirankError('NOT_FOUND', `no experiment "${id}"`);
          // A file definition leaves a tombstone, so a restart with the same file does not bring it back.
          const keep = previous.fileHashes.length > 0;
          return keep ? { ...previous, experiment: null, source: 'api' } : undefined;
        }),
      );
    },
    assign: (userId, force, field) => assigner.assign(userId, force, field),
    place: (id, userId) => assigner.place(id, userId),
    refresh: () => serial(poll),
    state() {
      const base = { source, version, syncedAt };
      if (redis && failure !== undefined) return { status: 'degraded', ...base, detail: `redis: ${failure}` };
      if (redis && source === 'file') return { status: 'degraded', ...base, detail: 'redis: not synced yet' };
      return { status: 'ok', ...base };
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await chain;
    },
  };
}

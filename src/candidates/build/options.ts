/**
 * Settings of the candidate index build, with the defaults documented in docs/candidates.md.
 * Column names are options so that any log with the same meaning (not only the simulator's) fits.
 */
import type { TimestampUnit } from '../../data/values.js';
import { MultirankError } from '../../errors.js';

/** Log columns the build reads; everything else in the log is ignored. */
export interface LogColumns {
  user: string;
  item: string;
  timestamp: string;
  click: string;
  /** Optional columns: a missing cell just means "unknown". */
  device: string;
  currentItem: string;
}

/** Item table columns (the table itself is optional). */
export interface ItemColumns {
  item: string;
  topic: string;
  creator: string;
  uploadTime: string;
}

/** Everything that shapes the index. */
export interface BuildOptions {
  logColumns: LogColumns;
  itemColumns: ItemColumns;
  /**
   * Unit of numeric timestamps in the log and of the table's upload times: `auto` reads 1e11 or
   * more as milliseconds (docs/data.md, Timestamps). Everything after reading is unix seconds.
   */
  timestampUnit: TimestampUnit;
  /** Half-lives in days of the exponential time decay, relative to the last timestamp of the log. */
  halfLifeDays: { popular: number; trending: number; cowatch: number };
  /** Neighbours kept per item (co-watch, similar) and items kept per ranked list. */
  neighboursPerItem: number;
  listLength: number;
  /** A user's earlier click co-occurs with a new one when at most this old, and among their last `cowatchRecent` clicks. */
  cowatchWindowSeconds: number;
  cowatchRecent: number;
  /** Exponent of the target's popularity in the co-watch normalisation (0 raw counts, 1 full lift). */
  cowatchAlpha: number;
  /**
   * How topic and creator members are ordered: `clicks` by decayed clicks (the group's recent
   * hits, which is what people click next), `ctr` by click-through rate smoothed with
   * `priorImpressions` (quality regardless of exposure).
   */
  groupOrder: 'clicks' | 'ctr';
  /** Pseudo-impressions of the CTR prior used by `groupOrder: ctr`. */
  priorImpressions: number;
  /** Item embeddings for `similar`: size, passes, seed, and the most (user, item) click pairs kept for fitting. */
  embeddings: { dim: number; epochs: number; seed: number; maxClickPairs: number };
}

/** The defaults: the simulator's column names and the values docs/candidates.md explains. */
export const DEFAULT_BUILD_OPTIONS: BuildOptions = {
  logColumns: {
    user: 'user_id',
    item: 'item_id',
    timestamp: 'timestamp',
    click: 'click',
    device: 'device',
    currentItem: 'current_item_id',
  },
  itemColumns: { item: 'item_id', topic: 'topic', creator: 'creator_id', uploadTime: 'upload_time' },
  timestampUnit: 'auto',
  halfLifeDays: { popular: 14, trending: 1, cowatch: 14 },
  neighboursPerItem: 100,
  listLength: 500,
  cowatchWindowSeconds: 3600,
  cowatchRecent: 5,
  cowatchAlpha: 0.5,
  groupOrder: 'clicks',
  priorImpressions: 20,
  embeddings: { dim: 32, epochs: 10, seed: 1, maxClickPairs: 2_000_000 },
};

/** Overrides for some options; nested groups may be given in part. */
export interface BuildOptionsInput
  extends Partial<Omit<BuildOptions, 'logColumns' | 'itemColumns' | 'halfLifeDays' | 'embeddings'>> {
  logColumns?: Partial<LogColumns>;
  itemColumns?: Partial<ItemColumns>;
  halfLifeDays?: Partial<BuildOptions['halfLifeDays']>;
  embeddings?: Partial<BuildOptions['embeddings']>;
}

/** Fills in defaults and checks the numbers, so a bad flag fails before the log is read. */
export function resolveBuildOptions(input: BuildOptionsInput = {}): BuildOptions {
  const d = DEFAULT_BUILD_OPTIONS;
  const options: BuildOptions = {
    ...d,
    ...input,
    logColumns: { ...d.logColumns, ...input.logColumns },
    itemColumns: { ...d.itemColumns, ...input.itemColumns },
    halfLifeDays: { ...d.halfLifeDays, ...input.halfLifeDays },
    embeddings: { ...d.embeddings, ...input.embeddings },
  };
  const positive: [string, number][] = [
    ['halfLifeDays.popular', options.halfLifeDays.popular],
    ['halfLifeDays.trending', options.halfLifeDays.trending],
    ['halfLifeDays.cowatch', options.halfLifeDays.cowatch],
  ];
  for (const [name, value] of positive) {
    if (!(Number.isFinite(value) && value > 0)) fail(`${name} must be a positive number, got ${value}`);
  }
  const counts: [string, number][] = [
    ['neighboursPerItem', options.neighboursPerItem],
    ['listLength', options.listLength],
    ['cowatchRecent', options.cowatchRecent],
    ['embeddings.dim', options.embeddings.dim],
    ['embeddings.epochs', options.embeddings.epochs],
    ['embeddings.maxClickPairs', options.embeddings.maxClickPairs],
  ];
  for (const [name, value] of counts) {
    if (!(Number.isInteger(value) && value >= 1)) fail(`${name} must be an integer ≥ 1, got ${value}`);
  }
  if (!(options.cowatchWindowSeconds >= 0)) fail('cowatchWindowSeconds must be ≥ 0');
  if (!(options.cowatchAlpha >= 0 && options.cowatchAlpha <= 1)) fail('cowatchAlpha must be in [0, 1]');
  if (!(options.priorImpressions >= 0)) fail('priorImpressions must be ≥ 0');
  if (options.groupOrder !== 'clicks' && options.groupOrder !== 'ctr')
    fail('groupOrder must be clicks or ctr');
  if (!['auto', 's', 'ms'].includes(options.timestampUnit)) fail('timestampUnit must be auto, s or ms');
  const columns = [
    ...Object.entries(options.logColumns).map(([name, column]) => [`logColumns.${name}`, column]),
    ...Object.entries(options.itemColumns).map(([name, column]) => [`itemColumns.${name}`, column]),
  ];
  for (const [name, column] of columns) {
    if (typeof column !== 'string' || column === '') fail(`${name} must be a column name, got "${column}"`);
  }
  return options;
}

function fail(message: string): never {
  throw new MultirankError('BAD_REQUEST', `candidates build: ${message}`);
}

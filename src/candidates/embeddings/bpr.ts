/**
 * BPR matrix factorisation (Rendle et al. 2009, "BPR: Bayesian Personalized Ranking from
 * Implicit Feedback") fitted by SGD on bootstrap-sampled (user, clicked item, other item) triples.
 */
import { Rng } from '../../util/random.js';

/** How the item embeddings are fitted. */
export interface ItemEmbeddingOptions {
  /** Factors per user and item (32 in the index builder). */
  dim: number;
  /** Passes over the data; one epoch is as many SGD steps as there are clicks (10 in the index builder). */
  epochs: number;
  /** Seed of initialisation and sampling: the same seed and clicks give the same embeddings. */
  seed: number;
  /** SGD step size (default 0.2). */
  learningRate?: number;
  /** L2 penalty on the factors touched by a step (default 0.01). */
  regularisation?: number;
}

/** Defaults for the optional fields. */
export const BPR_DEFAULTS = { learningRate: 0.2, regularisation: 0.01 } as const;

/**
 * Standard deviation of the initial factors. Small, so that what is left of the random start in
 * rarely clicked items is small next to what the clicks taught them (0.1 halved the share of
 * same-cluster neighbours in the bench's sparse clicks; 0.01 and 0.001 did equally well).
 */
const INIT_SD = 0.01;
/** Draws allowed to find a negative the user has not clicked before the step is skipped. */
const NEGATIVE_TRIES = 10;

/** Implicit-feedback item embeddings (BPR-style matrix factorisation) from (user, item) click pairs; rows L2-normalised, row-major nItems×dim. */
export function fitItemEmbeddings(
  clicks: { users: Int32Array; items: Int32Array },
  nUsers: number,
  nItems: number,
  options: ItemEmbeddingOptions,
): Float32Array {
  const { dim, epochs, seed } = options;
  const lr = options.learningRate ?? BPR_DEFAULTS.learningRate;
  const reg = options.regularisation ?? BPR_DEFAULTS.regularisation;
  checkInputs(clicks, nUsers, nItems, dim, epochs);
  const { users, items } = clicks;
  const rng = new Rng(seed, 'candidates/bpr');

  const userVec = gaussian(nUsers * dim, rng.fork('users'));
  const itemVec = gaussian(nItems * dim, rng.fork('items'));
  const clicked = clickedByUser(users, items, nUsers);
  // Negatives come from items someone clicked: items nobody clicked are never sampled, so they
  // keep their small random start instead of all drifting to the same "anti-user" direction.
  const pool = Int32Array.from(new Set(items));

  const sampler = rng.fork('sampling');
  const steps = epochs * users.length;
  const delta = new Float32Array(dim);
  for (let step = 0; step < steps && pool.length > 1; step++) {
    const c = sampler.int(users.length);
    const u = users[c] ?? 0;
    const pos = items[c] ?? 0;
    const neg = sampleNegative(sampler, pool, clicked, u);
    if (neg < 0) continue;
    const uo = u * dim;
    const po = pos * dim;
    const no = neg * dim;
    // x = score(u, pos) − score(u, neg); the BPR loss is −ln σ(x), whose gradient in x is σ(−x).
    let x = 0;
    for (let d = 0; d < dim; d++) {
      delta[d] = (itemVec[po + d] ?? 0) - (itemVec[no + d] ?? 0);
      x += (userVec[uo + d] ?? 0) * (delta[d] ?? 0);
    }
    const g = 1 / (1 + Math.exp(x));
    for (let d = 0; d < dim; d++) {
      const w = userVec[uo + d] ?? 0;
      userVec[uo + d] = w + lr * (g * (delta[d] ?? 0) - reg * w);
      const hp = itemVec[po + d] ?? 0;
      itemVec[po + d] = hp + lr * (g * w - reg * hp);
      const hn = itemVec[no + d] ?? 0;
      itemVec[no + d] = hn + lr * (-g * w - reg * hn);
    }
  }
  normaliseRows(itemVec, nItems, dim);
  return itemVec;
}

/** An item from the pool the user never clicked, or −1 when NEGATIVE_TRIES draws all hit clicks. */
function sampleNegative(rng: Rng, pool: Int32Array, clicked: UserClicks, user: number): number {
  for (let t = 0; t < NEGATIVE_TRIES; t++) {
    const item = pool[rng.int(pool.length)] ?? 0;
    if (!hasClicked(clicked, user, item)) return item;
  }
  return -1;
}

/** Each user's clicked items, sorted, as one CSR (for the negative check by binary search). */
interface UserClicks {
  offsets: Int32Array;
  items: Int32Array;
}

function clickedByUser(users: Int32Array, items: Int32Array, nUsers: number): UserClicks {
  const offsets = new Int32Array(nUsers + 1);
  for (const u of users) offsets[u + 1] = (offsets[u + 1] ?? 0) + 1;
  for (let u = 0; u < nUsers; u++) offsets[u + 1] = (offsets[u + 1] ?? 0) + (offsets[u] ?? 0);
  const fill = offsets.slice(0, nUsers);
  const sorted = new Int32Array(users.length);
  for (let c = 0; c < users.length; c++) {
    const u = users[c] ?? 0;
    sorted[fill[u] ?? 0] = items[c] ?? 0;
    fill[u] = (fill[u] ?? 0) + 1;
  }
  for (let u = 0; u < nUsers; u++) sorted.subarray(offsets[u], offsets[u + 1]).sort();
  return { offsets, items: sorted };
}

function hasClicked({ offsets, items }: UserClicks, user: number, item: number): boolean {
  let lo = offsets[user] ?? 0;
  let hi = offsets[user + 1] ?? 0;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const value = items[mid] ?? 0;
    if (value === item) return true;
    if (value < item) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

function gaussian(length: number, rng: Rng): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = rng.normal(0, INIT_SD);
  return out;
}

function normaliseRows(vectors: Float32Array, n: number, dim: number): void {
  for (let i = 0; i < n; i++) {
    const row = vectors.subarray(i * dim, (i + 1) * dim);
    let sq = 0;
    for (const v of row) sq += v * v;
    if (sq > 0) {
      const scale = 1 / Math.sqrt(sq);
      for (let d = 0; d < dim; d++) row[d] = (row[d] ?? 0) * scale;
    }
  }
}

function checkInputs(
  clicks: { users: Int32Array; items: Int32Array },
  nUsers: number,
  nItems: number,
  dim: number,
  epochs: number,
): void {
  if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`dim must be a positive integer, got ${dim}`);
  if (!Number.isInteger(epochs) || epochs < 0) throw new RangeError(`epochs must be ≥ 0, got ${epochs}`);
  if (clicks.users.length !== clicks.items.length) {
    throw new RangeError(`clicks have ${clicks.users.length} users but ${clicks.items.length} items`);
  }
  for (let c = 0; c < clicks.users.length; c++) {
    const u = clicks.users[c] ?? -1;
    const i = clicks.items[c] ?? -1;
    if (u < 0 || u >= nUsers || i < 0 || i >= nItems) {
      throw new RangeError(`click ${c} (user ${u}, item ${i}) is outside ${nUsers} users × ${nItems} items`);
    }
  }
}

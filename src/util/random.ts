/**
 * A small seeded random source for the simulator.
 *
 * Math.random cannot be seeded, and byte-identical output for a seed is a promise of
 * `multirank simulate`, so every draw in src/sim goes through this file. The generator is
 * sfc32 (32-bit state words, fast in V8, passes PractRand far beyond what we draw); seeds are
 * spread with splitmix32 so that nearby seeds and stream names give unrelated sequences.
 */

const TWO_POW_32 = 4_294_967_296;

/** Mixes a 32-bit value (splitmix32 finaliser): small input changes flip about half the bits. */
function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Hashes a seed and a stream name into one 32-bit word (FNV-1a over the name, then mixed). */
function streamKey(seed: number, stream: string): number {
  let h = mix32((seed >>> 0) ^ mix32(Math.floor(seed / TWO_POW_32)));
  for (let i = 0; i < stream.length; i++) h = Math.imul(h ^ stream.charCodeAt(i), 0x01000193);
  return mix32(h);
}

/** A seeded pseudo-random generator with the distributions the simulator needs. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d = 1;
  private spareNormal: number | undefined;

  /** Starts the named stream of a seed; different names give independent sequences. */
  constructor(
    readonly seed: number,
    readonly stream = 'main',
  ) {
    const key = streamKey(seed, stream);
    this.a = mix32(key);
    this.b = mix32(key ^ 0x5bd1e995);
    this.c = mix32(key ^ 0x1b873593);
    // The first outputs of sfc32 still carry the seed's structure; burn them.
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  /** A child generator for a sub-task, so adding draws to one part never shifts another part. */
  fork(name: string): Rng {
    return new Rng(this.seed, `${this.stream}/${name}`);
  }

  /** The next raw 32-bit output. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform on the open interval (0, 1): never 0 or 1, so log(u) and 1/u are always finite. */
  uniform(): number {
    return (this.nextUint32() + 0.5) / TWO_POW_32;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return this.uniform() < p;
  }

  /** A normal draw (Box–Muller; the second value of each pair is kept for the next call). */
  normal(mean = 0, sd = 1): number {
    if (this.spareNormal !== undefined) {
      const z = this.spareNormal;
      this.spareNormal = undefined;
      return mean + sd * z;
    }
    const r = Math.sqrt(-2 * Math.log(this.uniform()));
    const theta = 2 * Math.PI * this.uniform();
    this.spareNormal = r * Math.sin(theta);
    return mean + sd * r * Math.cos(theta);
  }

  /** A log-normal draw whose logarithm has the given mean and sd. */
  logNormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /** A Gamma(shape, 1) draw (Marsaglia–Tsang; shapes below 1 boosted by u^(1/shape)). */
  gamma(shape: number): number {
    if (shape < 1) return this.gamma(shape + 1) * this.uniform() ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = this.normal();
      const v0 = 1 + c * x;
      if (v0 <= 0) continue;
      const v = v0 * v0 * v0;
      const u = this.uniform();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
    }
  }

  /** A Beta(a, b) draw, from two gammas. */
  beta(a: number, b: number): number {
    const x = this.gamma(a);
    const y = this.gamma(b);
    const sum = x + y;
    // Both gammas can underflow to 0 for tiny shapes; fall back to the mean.
    return sum > 0 ? x / sum : a / (a + b);
  }

  /** A Dirichlet draw with the given concentration vector, written into a fresh array. */
  dirichlet(alpha: ArrayLike<number>): Float64Array {
    const out = new Float64Array(alpha.length);
    let sum = 0;
    for (let k = 0; k < alpha.length; k++) {
      out[k] = this.gamma(alpha[k] ?? 0);
      sum += out[k] ?? 0;
    }
    if (sum > 0) {
      for (let k = 0; k < out.length; k++) out[k] = (out[k] ?? 0) / sum;
    } else {
      // Every component underflowed (very sparse alpha): put all mass on one component.
      out[this.categorical(alpha)] = 1;
    }
    return out;
  }

  /** An index drawn in proportion to non-negative weights (linear scan: for short lists). */
  categorical(weights: ArrayLike<number>): number {
    let total = 0;
    for (let k = 0; k < weights.length; k++) total += weights[k] ?? 0;
    let r = this.uniform() * total;
    for (let k = 0; k < weights.length; k++) {
      r -= weights[k] ?? 0;
      if (r < 0) return k;
    }
    return weights.length - 1;
  }

  /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = out[i] ?? 0;
      out[i] = out[j] ?? 0;
      out[j] = tmp;
    }
    return out;
  }
}

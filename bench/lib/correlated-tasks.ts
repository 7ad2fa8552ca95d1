/**
 * The synthetic two-task regression data of Ma et al. 2018 (MMoE paper, section 3.2), whose task
 * correlation is set by the cosine ρ between the two tasks' weight vectors:
 *   w1 = c·u1,  w2 = c·(ρ·u1 + sqrt(1-ρ²)·u2)   (u1 ⟂ u2 unit vectors)
 *   y_k = w_kᵀx + Σ_i sin(α_i·w_kᵀx + β_i) + ε,  x ~ N(0, I_d), ε ~ N(0, 0.01) (variance)
 * The sinusoids make the relation non-linear, so label correlation falls below ρ but follows it.
 * The paper gives d = 100 but not c, m or how α and β are drawn; we take c = 1, m = 10 and
 * α_i, β_i ~ N(0, 1), shared by both tasks as in its formula.
 */

/** A small seeded PRNG (mulberry32) with a Box-Muller normal. */
export function rng(seed: number): { uniform(): number; normal(): number } {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

/** Generated data: x is n×d row-major, y1 and y2 the two tasks' targets. */
export interface CorrelatedTasks {
  x: Float32Array;
  y1: Float32Array;
  y2: Float32Array;
  n: number;
  d: number;
}

/** The generator's draws, for checking the data against its definition. */
export interface TaskParameters {
  w1: number[];
  w2: number[];
  alpha: number[];
  beta: number[];
}

/**
 * Generates n examples of dimension d for correlation ρ (scale c, m sinusoids). The draws come
 * in a fixed order whatever ρ is, so one seed gives the same x, u1, α, β, noise and y1 for every ρ.
 */
export function correlatedTasks(
  n: number,
  rho: number,
  seed: number,
  d = 100,
  c = 1,
  m = 10,
): CorrelatedTasks & { parameters: TaskParameters } {
  const random = rng(seed);
  // Two orthonormal vectors by Gram-Schmidt on Gaussian draws.
  const a = Array.from({ length: d }, () => random.normal());
  const norm = (v: number[]): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  const u1 = a.map((v) => v / norm(a));
  const b = Array.from({ length: d }, () => random.normal());
  const projection = b.reduce((s, v, i) => s + v * u1[i]!, 0);
  const bOrth = b.map((v, i) => v - projection * u1[i]!);
  const u2 = bOrth.map((v) => v / norm(bOrth));
  const w1 = u1.map((v) => c * v);
  const w2 = u1.map((v, i) => c * (rho * v + Math.sqrt(1 - rho * rho) * u2[i]!));
  const alpha = Array.from({ length: m }, () => random.normal());
  const beta = Array.from({ length: m }, () => random.normal());

  const x = new Float32Array(n * d);
  const y1 = new Float32Array(n);
  const y2 = new Float32Array(n);
  const target = (w: number[], row: number): number => {
    let dot = 0;
    for (let j = 0; j < d; j++) dot += w[j]! * x[row * d + j]!;
    let y = dot;
    for (let i = 0; i < m; i++) y += Math.sin(alpha[i]! * dot + beta[i]!);
    return y + 0.1 * random.normal();
  };
  for (let row = 0; row < n; row++) {
    for (let j = 0; j < d; j++) x[row * d + j] = random.normal();
    y1[row] = target(w1, row);
    y2[row] = target(w2, row);
  }
  return { x, y1, y2, n, d, parameters: { w1, w2, alpha, beta } };
}

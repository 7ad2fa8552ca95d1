/** Small numeric helpers shared by the simulator's model files. */

/** The logistic function 1 / (1 + e^−x). */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Rounds to 6 decimals: enough for probabilities, and short, stable text in the output files. */
export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Rounds to 3 decimals (milliseconds for seconds, plenty for a 1–5 rating). */
export function round3(x: number): number {
  return Math.round(x * 1e3) / 1e3;
}

/**
 * Gate diagnostics of a mixture-of-experts ranker (MMoE, PLE): per head, the mean weight its gate
 * gives each expert and the gate's mean entropy, with warnings for the two ways gating fails.
 * Gates that stay near uniform on every row mean the experts have not specialised (the model is
 * a shared bottom with extra steps); a gate that puts nearly all its weight on one expert has
 * polarised (Zhao et al. 2019), and the head no longer shares anything with the others.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * Above this mean normalised entropy the gates are "near uniform": 0.95 is a gate over two experts
 * at 0.37/0.63 on every row, over four at 0.4/0.2/0.2/0.2 is 0.96. A gate that has learnt to route
 * some rows one way and others another sits well below it.
 */
export const UNIFORM_GATE_ENTROPY = 0.95;
/** Above this mean weight on one expert the gate has "collapsed" onto it (polarisation). */
export const COLLAPSED_GATE_WEIGHT = 0.9;

/** One head's gate over the rows evaluated. */
export interface HeadGateDiagnostics {
  name: string;
  /** Mean gate weight per expert, in gate order (PLE: the head's own experts, then the shared ones). */
  utilisation: number[];
  /**
   * Mean over rows of the gate's entropy divided by ln(experts): 1 = uniform on every row, 0 = one
   * expert on every row (not necessarily the same one). Null for a gate over a single expert.
   */
  entropy: number | null;
}

/** Every head's gate, and the warnings they raise. */
export interface GateDiagnostics {
  heads: HeadGateDiagnostics[];
  /** One line per problem found, e.g. `gate of like collapsed onto expert 2 (mean weight 0.931 > 0.9): polarisation`. */
  warnings: string[];
}

/** The warnings of one head's gate (none for a gate over one expert). */
function headWarnings(head: HeadGateDiagnostics): string[] {
  if (head.entropy === null) return [];
  const warnings: string[] = [];
  if (head.entropy > UNIFORM_GATE_ENTROPY) {
    warnings.push(
      `gate of ${head.name} near uniform (normalised entropy ${head.entropy.toFixed(3)} > ${UNIFORM_GATE_ENTROPY}): its experts are not specialising`,
    );
  }
  const top = head.utilisation.reduce((best, w, e) => (w > head.utilisation[best]! ? e : best), 0);
  const weight = head.utilisation[top] ?? 0;
  if (weight > COLLAPSED_GATE_WEIGHT) {
    warnings.push(
      `gate of ${head.name} collapsed onto expert ${top} (mean weight ${weight.toFixed(3)} > ${COLLAPSED_GATE_WEIGHT}): polarisation`,
    );
  }
  return warnings;
}

/** Diagnostics and warnings from each head's utilisation and entropy. */
export function gateDiagnostics(heads: HeadGateDiagnostics[]): GateDiagnostics {
  return { heads, warnings: heads.flatMap(headWarnings) };
}

/** Entropy over ln(experts), within [0, 1]: float32 sums put a uniform gate at 1.00002. */
const normalised = (entropy: number, experts: number): number =>
  Math.min(1, Math.max(0, entropy / Math.log(experts)));

/** Sums gate outputs batch by batch; `result` turns the sums into means. */
export interface GateAccumulator {
  /** Adds one batch of gate outputs, one [rows, experts] tensor per head. */
  add(gates: tf.Tensor[]): void;
  /** The diagnostics over every row added, heads named in gate order; null before any row. */
  result(names: readonly string[]): GateDiagnostics | null;
}

/** A fresh accumulator of gate weights and entropies. */
export function createGateAccumulator(): GateAccumulator {
  let weightSums: number[][] | null = null;
  let entropySums: number[] = [];
  let rows = 0;
  return {
    add(gates) {
      tf.tidy(() => {
        const weights = gates.map((g) => Array.from(tf.sum(g, 0).dataSync()));
        // -Σ p ln p per row; the floor keeps ln finite, and p ln p → 0 as p → 0 anyway.
        const entropies = gates.map((g) => -tf.sum(tf.mul(g, tf.log(tf.maximum(g, 1e-12)))).dataSync()[0]!);
        weightSums = weightSums
          ? weightSums.map((row, k) => row.map((v, e) => v + weights[k]![e]!))
          : weights;
        entropySums = entropies.map((h, k) => h + (entropySums[k] ?? 0));
        rows += gates[0]?.shape[0] ?? 0;
      });
    },
    result(names) {
      if (!weightSums || rows === 0) return null;
      const sums: number[][] = weightSums;
      return gateDiagnostics(
        sums.map((row, k) => ({
          name: names[k] ?? `gate ${k}`,
          utilisation: row.map((v) => v / rows),
          entropy: row.length > 1 ? normalised(entropySums[k]! / rows, row.length) : null,
        })),
      );
    },
  };
}

/** Terminal lines: per head its normalised entropy and mean weight per expert, under a header. */
export function gateTableLines(diagnostics: GateDiagnostics): string[] {
  const width = Math.max(...diagnostics.heads.map((h) => h.name.length));
  const entropy = (h: HeadGateDiagnostics) => (h.entropy === null ? '—   ' : h.entropy.toFixed(2));
  return [
    'gate utilisation (mean weight per expert) and entropy (1: uniform, 0: one expert per row):',
    ...diagnostics.heads.map(
      (h) =>
        `  ${h.name.padEnd(width)}  entropy ${entropy(h)}  ${h.utilisation.map((w) => w.toFixed(2)).join(' ')}`,
    ),
  ];
}

/** One `warning: …` line per warning. */
export const gateWarningLines = (diagnostics: GateDiagnostics | null): string[] =>
  (diagnostics?.warnings ?? []).map((w) => `warning: ${w}`);

/** The table, then the warnings; nothing without diagnostics. */
export function gateDiagnosticLines(diagnostics: GateDiagnostics | null): string[] {
  return diagnostics ? [...gateTableLines(diagnostics), ...gateWarningLines(diagnostics)] : [];
}

/**
 * Calibration of a binary head by quantile bins: the labelled rows sorted by prediction and cut
 * into bins of equal counts, so that a head whose predictions crowd near 0 (a 2% like rate) gets
 * as many points on its curve as a 50% head. Equal-width bins over [0, 1] put nearly every row
 * of such a head into the first bin, and its curve into one or two points.
 */

/** One bin: `count` rows whose predictions run from `lower` to `upper`, with their mean prediction and observed rate. */
export interface CalibrationBin {
  /** The smallest prediction in the bin. */
  lower: number;
  /** The largest prediction in the bin. */
  upper: number;
  count: number;
  meanPredicted: number;
  observedRate: number;
}

/** A head's calibration: quantile bins, lowest predictions first, and the expected calibration error. */
export interface Calibration {
  binning: 'quantile';
  bins: CalibrationBin[];
  /** Σ_bins count · |mean prediction − observed rate| / rows (over equal-count bins: "adaptive ECE"). */
  expectedCalibrationError: number;
}

/** Bins of a calibration curve unless told otherwise. */
export const CALIBRATION_BINS = 10;

/**
 * Cuts the rows into `bins` quantile bins of equal counts (sizes differ by at most one). Rows with
 * the same prediction stay in one bin, so a cut moves past a run of ties and the bins it swallows
 * are left out: a constant prediction makes one bin, and fewer rows than bins make one bin a row.
 */
export function calibration(
  predictions: ArrayLike<number>,
  labels: ArrayLike<number>,
  bins = CALIBRATION_BINS,
): Calibration {
  const n = predictions.length;
  // Stable by row: the bins do not depend on how the sort treats ties.
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => predictions[a]! - predictions[b]! || a - b,
  );
  const result: CalibrationBin[] = [];
  let gap = 0;
  let start = 0;
  for (let b = 1; b <= bins && start < n; b++) {
    let end = b === bins ? n : Math.floor((b * n) / bins);
    if (end <= start) continue;
    while (end < n && predictions[order[end]!] === predictions[order[end - 1]!]) end++;
    let predicted = 0;
    let observed = 0;
    for (let k = start; k < end; k++) {
      predicted += predictions[order[k]!]!;
      observed += labels[order[k]!]! > 0.5 ? 1 : 0;
    }
    const count = end - start;
    const bin = {
      lower: predictions[order[start]!]!,
      upper: predictions[order[end - 1]!]!,
      count,
      meanPredicted: predicted / count,
      observedRate: observed / count,
    };
    gap += count * Math.abs(bin.meanPredicted - bin.observedRate);
    result.push(bin);
    start = end;
  }
  return { binning: 'quantile', bins: result, expectedCalibrationError: n ? gap / n : 0 };
}

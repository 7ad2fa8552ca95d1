/**
 * Offline metrics for the heads and the combined ranking: AUC, log loss, RMSE, NDCG@k over
 * requests, and rank correlation (used against the simulator's ground truth); calibration is
 * in calibration.ts.
 * Plain functions over arrays, shared by training reports, `multirank evaluate` and the benches.
 */

/** Area under the ROC curve by the rank-sum (Mann-Whitney) formula; ties get average ranks. NaN if one class is absent. */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSumPositives = 0;
  for (let start = 0; start < n; ) {
    let end = start;
    while (end + 1 < n && scores[order[end + 1]!] === scores[order[start]!]) end++;
    const averageRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) {
      if (labels[order[k]!]! > 0.5) {
        positives++;
        rankSumPositives += averageRank;
      }
    }
    start = end + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSumPositives - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean binary cross-entropy, with predictions clipped away from 0 and 1. */
export function logLoss(predictions: ArrayLike<number>, labels: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < predictions.length; i++) {
    const p = Math.min(Math.max(predictions[i]!, 1e-7), 1 - 1e-7);
    total -= labels[i]! > 0.5 ? Math.log(p) : Math.log(1 - p);
  }
  return total / predictions.length;
}

/** Root mean squared error. */
export function rmse(predictions: ArrayLike<number>, targets: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < predictions.length; i++) total += (predictions[i]! - targets[i]!) ** 2;
  return Math.sqrt(total / predictions.length);
}

/** NDCG@k of one list: `gains` in the order of the items, ranked by `scores` (descending). NaN when no gain. */
export function ndcgAtK(scores: ArrayLike<number>, gains: ArrayLike<number>, k: number): number {
  const indices = Array.from({ length: scores.length }, (_, i) => i);
  const dcg = (order: number[]): number =>
    order.slice(0, k).reduce((sum, index, rank) => sum + (2 ** gains[index]! - 1) / Math.log2(rank + 2), 0);
  const ideal = dcg([...indices].sort((a, b) => gains[b]! - gains[a]!));
  if (ideal === 0) return Number.NaN;
  // Ties in score keep the logged order, so a constant scorer earns the logging policy's NDCG.
  return dcg([...indices].sort((a, b) => scores[b]! - scores[a]! || a - b)) / ideal;
}

/** The row indices of each group, groups in order of first appearance. */
function rowsByGroup(groups: ArrayLike<string>): Iterable<number[]> {
  const byGroup = new Map<string, number[]>();
  for (let i = 0; i < groups.length; i++) {
    const list = byGroup.get(groups[i]!);
    if (list) list.push(i);
    else byGroup.set(groups[i]!, [i]);
  }
  return byGroup.values();
}

/** Mean NDCG@k over groups (requests); groups without any gain are left out. */
export function meanNdcgAtK(
  groups: ArrayLike<string>,
  scores: ArrayLike<number>,
  gains: ArrayLike<number>,
  k: number,
): { ndcg: number; groups: number } {
  let total = 0;
  let counted = 0;
  for (const rows of rowsByGroup(groups)) {
    const value = ndcgAtK(
      rows.map((r) => scores[r]!),
      rows.map((r) => gains[r]!),
      k,
    );
    if (Number.isNaN(value)) continue;
    total += value;
    counted++;
  }
  return { ndcg: counted ? total / counted : Number.NaN, groups: counted };
}

/** Pearson correlation; NaN when either side is constant. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]! / n;
    my += y[i]! / n;
  }
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  let xVaries = false;
  let yVaries = false;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
    xVaries ||= x[i] !== x[0];
    yVaries ||= y[i] !== y[0];
  }
  // Tested on the values: a rounded mean leaves a constant series a tiny, meaningless spread.
  return !xVaries || !yVaries ? Number.NaN : sxy / Math.sqrt(sxx * syy);
}

/** Average ranks (1-based, ties averaged). */
function ranks(values: ArrayLike<number>): number[] {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const result = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]!] === values[order[start]!]) end++;
    for (let k = start; k <= end; k++) result[order[k]!] = (start + end) / 2 + 1;
    start = end + 1;
  }
  return result;
}

/** Spearman rank correlation (Pearson over average ranks). */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return pearson(ranks(x), ranks(y));
}

/**
 * Mean Spearman correlation within groups (requests): how well `x` orders each slate by `y`,
 * free of what differs between requests (the user, the context). Groups where either side is
 * constant (a single row, all ties) have no correlation and are left out.
 */
export function meanGroupSpearman(
  groups: ArrayLike<string>,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
): { spearman: number; groups: number } {
  let total = 0;
  let counted = 0;
  for (const rows of rowsByGroup(groups)) {
    const rho = spearman(
      rows.map((r) => x[r]!),
      rows.map((r) => y[r]!),
    );
    if (Number.isNaN(rho)) continue;
    total += rho;
    counted++;
  }
  return { spearman: counted ? total / counted : Number.NaN, groups: counted };
}

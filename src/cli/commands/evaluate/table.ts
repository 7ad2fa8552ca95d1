/** The terminal summary of `multirank evaluate`: heads, ranking and gate diagnostics as aligned tables. */

import { describeProfile } from '../../../combination/compile.js';
import type { HeadReport, ModelEvaluation } from '../../../evaluation/evaluate-model.js';
import { gateDiagnosticLines } from '../../../evaluation/gate-diagnostics.js';
import { formatCount } from '../../progress.js';

/** A number with `digits` decimals; — for undefined, null and NaN. */
export const fmt = (value: number | null | undefined, digits = 4): string =>
  value === undefined || value === null || Number.isNaN(value) ? '—' : value.toFixed(digits);

/** Pads columns to their widest cell, with a rule under the header; columns with an empty header are left out. */
export function align(table: string[][]): string[] {
  const keep = table[0]!.map((header, c) => (header === '' ? -1 : c)).filter((c) => c >= 0);
  const rows = table.map((r) => keep.map((c) => r[c] ?? ''));
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]?.length ?? 0)));
  const lines = rows.map((r) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return lines;
}

function headRow(head: HeadReport): string[] {
  const binary = head.kind === 'binary';
  const space = head.labelSpace === 'log1p' ? ' (log1p)' : '';
  return [
    head.name,
    head.kind,
    formatCount(head.labelled),
    binary ? 'AUC' : `RMSE${space}`,
    fmt(binary ? head.model.auc : head.model.rmse),
    head.baseline ? fmt(binary ? head.baseline.auc : head.baseline.rmse) : '',
    binary ? fmt(head.model.logLoss) : '',
    binary ? fmt(head.calibration?.expectedCalibrationError) : '',
    `${fmt(head.meanPrediction, 3)} / ${fmt(head.meanLabel, 3)}`,
    head.truth ? `${fmt(head.truth.spearman, 3)} (${head.truth.column})` : '',
    head.truth ? fmt(head.truth.withinRequest, 3) : '',
  ];
}

/** Renders an evaluation for the terminal. */
export function evaluationTable(evaluation: ModelEvaluation): string {
  const { model, data } = evaluation;
  const hasBaseline = evaluation.heads.some((h) => h.baseline);
  const hasTruth = evaluation.heads.some((h) => h.truth);
  const lines = [
    `model ${model.name} (${model.architecture ?? 'unknown architecture'}, ${model.contentHash.slice(0, 19)}…) on ${formatCount(data.rows)} rows of ${data.file}`,
  ];
  if (data.groundTruth) lines.push(`ground truth: ${data.groundTruth}`);
  if (data.baselineLog) lines.push(`popularity baseline fitted on ${data.baselineLog}`);
  if (data.skipped.total > 0) lines.push(`skipped ${formatCount(data.skipped.total)} rows by policy`);
  const headerRow = [
    'head',
    'kind',
    'labelled',
    'metric',
    'model',
    hasBaseline ? 'popularity' : '',
    'log loss',
    'ECE',
    'mean pred / label',
    hasTruth ? 'Spearman vs truth' : '',
    hasTruth ? 'within requests' : '',
  ];
  lines.push('', ...align([headerRow, ...evaluation.heads.map(headRow)]));

  const { ranking } = evaluation;
  if (ranking) {
    lines.push(
      '',
      `NDCG@${ranking.k} of ${describeProfile(ranking.profile)} over ${formatCount(ranking.requests)} requests (${ranking.requestKey})`,
    );
    const rows = ranking.gains.map((g) => [
      `${g.gain} (${g.source})`,
      fmt(g.model),
      fmt(g.logged),
      ...(hasBaseline ? [fmt(g.popularity)] : []),
      formatCount(g.requests),
    ]);
    lines.push(
      ...align([['gain', 'model', 'logged', ...(hasBaseline ? ['popularity'] : []), 'requests'], ...rows]),
    );
  } else {
    lines.push('', 'NDCG: no request column in the model config (data.keys.request), so no ranking metrics');
  }

  if (evaluation.gates) lines.push('', ...gateLines(evaluation.gates));
  return lines.join('\n');
}

/** The gate diagnostics; for PLE, which experts of a gate are the head's own and which shared. */
function gateLines(gates: NonNullable<ModelEvaluation['gates']>): string[] {
  const lines = gateDiagnosticLines(gates);
  const own = gates.ownExperts;
  if (own !== null) {
    const range = (from: number, to: number) =>
      from === to ? `expert ${from} is` : `experts ${from}–${to} are`;
    const note = `  (PLE: ${range(0, own - 1)} each head's own, ${range(own, gates.experts - 1)} shared)`;
    lines.splice(1 + gates.heads.length, 0, note);
  }
  return lines;
}

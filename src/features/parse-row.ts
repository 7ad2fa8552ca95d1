/**
 * Reads every value a row contributes — features, labels, position, device — into typed values,
 * once, for both fitting and encoding. Because fit and encode share this step, they accept and
 * reject exactly the same rows, and serving reads values exactly as training did.
 */
import { DataError } from '../data/errors.js';
import { cell } from '../data/records.js';
import type { SkipReport } from '../data/skip-report.js';
import { isBad, type Read, readBag, readBinary, readKey, readNumber, truncateBag } from '../data/values.js';
import type { RawRow } from './rows.js';
import type { FeatureDef, FeatureSpec, TaskDef } from './spec.js';

/** A feature's value after reading: a key, a number, a bag of keys, or null when missing. */
export type FeatureValue = string | number | string[] | null;

/** Everything read from one row, aligned with the spec's features and tasks. */
export interface ParsedRow {
  features: FeatureValue[];
  /** Null when labels were not asked for (serving); an entry is null when masked. */
  labels: (number | null)[] | null;
  position: number | null;
  device: string | null;
}

/** Why a row cannot be used, and whether that is an error or a counted skip. */
export interface RowProblem {
  column: string;
  message: string;
  reason: string;
  action: 'error' | 'skip';
}

/** How a parse treats problems: bad values by `badValues`; missing labels by each task's policy. */
export interface ParseOptions {
  labels: boolean;
  badValues: 'error' | 'skip';
}

/** Parses a row, or returns the first problem found in it. */
export function parseRow(spec: FeatureSpec, row: RawRow, options: ParseOptions): ParsedRow | RowProblem {
  const bad = (column: string, message: string): RowProblem => ({
    column,
    message,
    reason: `bad value in column "${column}"`,
    action: options.badValues,
  });
  const features: FeatureValue[] = [];
  for (const feature of spec.features) {
    const value = readFeature(feature, cell(row[feature.source], feature.column));
    if (isBad(value)) return bad(feature.column, value.bad);
    features.push(value);
  }
  let labels: (number | null)[] | null = null;
  if (options.labels) {
    labels = [];
    for (const task of spec.tasks) {
      const label = readLabel(task, cell(row.context, task.column));
      if (isBad(label)) return bad(task.column, label.bad);
      if (label === null && task.missingLabel !== 'mask') return missingLabel(task);
      labels.push(label);
    }
  }
  const position = spec.bias ? readPosition(cell(row.context, spec.bias.positionColumn)) : null;
  if (isBad(position)) return bad(spec.bias?.positionColumn ?? '', position.bad);
  const device = spec.bias?.deviceColumn ? readKey(cell(row.context, spec.bias.deviceColumn)) : null;
  if (isBad(device)) return bad(spec.bias?.deviceColumn ?? '', device.bad);
  return { features, labels, position, device };
}

/** Whether a parse result is a problem. */
export function isProblem(result: ParsedRow | RowProblem): result is RowProblem {
  return 'reason' in result;
}

/** Acts on a problem: throws a DataError naming file, line and column, or counts the skip. */
export function settle(problem: RowProblem, row: RawRow, report: SkipReport): void {
  if (problem.action === 'error') throw new DataError(row.origin, problem.column, problem.message);
  report.add(problem.reason, row.origin);
}

function readFeature(feature: FeatureDef, raw: unknown): Read<FeatureValue> {
  switch (feature.type) {
    case 'categorical':
    case 'hashed':
      return readKey(raw);
    case 'numeric': {
      const value = readNumber(raw);
      const logScale = feature.normalize === 'log1p+zscore';
      if (logScale && typeof value === 'number' && value <= -1)
        return { bad: `log1p needs values > -1, got ${value}` };
      return value;
    }
    case 'bag': {
      const ids = readBag(raw, feature.separator);
      return isBad(ids) ? ids : truncateBag(ids ?? [], feature.maxLength, feature.keep);
    }
  }
}

function readLabel(task: TaskDef, raw: unknown): Read<number> {
  if (task.kind === 'binary') return readBinary(raw);
  const value = readNumber(raw);
  if (task.transform !== 'log1p' || typeof value !== 'number') return value;
  return value > -1 ? Math.log1p(value) : { bad: `log1p needs labels > -1, got ${value}` };
}

function readPosition(raw: unknown): Read<number> {
  const value = readNumber(raw);
  if (typeof value === 'number' && (!Number.isInteger(value) || value < 1)) {
    return { bad: `expected a 1-based integer position, got ${value}` };
  }
  return value;
}

function missingLabel(task: TaskDef): RowProblem {
  const policy = task.missingLabel === 'skip' ? 'skip' : 'error';
  return {
    column: task.column,
    message: `missing label for task "${task.name}" (set missingLabel: mask or skip on the task to accept it)`,
    reason: `missing label "${task.column}"`,
    action: policy,
  };
}

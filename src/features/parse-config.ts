/**
 * Loads a training config from YAML or JSON, fills defaults, and checks it field by field and
 * across fields. Every problem is reported at once, each with the path of the field.
 */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseDocument } from 'yaml';
import { isRecord } from '../util/is-record.js';
import { checkModelReferences } from './check-model-refs.js';
import { type ConfigIssue, Section, TrainingConfigError } from './config-check.js';
import { parseFeature } from './parse-features.js';
import { parseBias, parseData, parseModel, parseTask, parseTraining } from './parse-sections.js';
import type { FeatureDef, TaskDef } from './spec.js';
import type { DataDef, TrainingConfig } from './training-config.js';

/** Options for parsing a config that is already in memory. */
export interface ParseOptions {
  /** Folder that relative data paths are resolved against (the config file's folder). */
  baseDir: string;
  /** Names the config in error messages (usually its path). */
  where?: string;
}

/** Reads and validates a training config file (YAML, or JSON, which YAML also reads). */
export async function loadTrainingConfig(path: string): Promise<TrainingConfig> {
  const text = await readFile(path, 'utf8');
  return parseConfigText(text, { baseDir: dirname(path), where: path });
}

/** Parses YAML/JSON text into a validated config; syntax errors name the line and column. */
export function parseConfigText(text: string, options: ParseOptions): TrainingConfig {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((error) => {
      const at = error.linePos?.[0];
      return {
        path: at ? `line ${at.line}, column ${at.col}` : '(syntax)',
        message: error.message.split('\n')[0] ?? '',
      };
    });
    throw new TrainingConfigError(issues, options.where ?? '');
  }
  return parseTrainingConfig(doc.toJS() as unknown, options);
}

/** Validates an already-parsed config object and fills in every default. */
export function parseTrainingConfig(value: unknown, options: ParseOptions): TrainingConfig {
  const issues: ConfigIssue[] = [];
  if (!isRecord(value))
    throw new TrainingConfigError([{ path: '(root)', message: 'expected a mapping' }], '');
  const root = new Section('', value, issues);
  root.onlyKeys(['features', 'tasks', 'bias', 'data', 'model', 'training']);
  const config: TrainingConfig = {
    features: root.sections('features').map(parseFeature),
    tasks: root.sections('tasks').map(parseTask),
    bias: parseBias(root.section('bias')),
    data: parseData(root.section('data', true) ?? new Section('data', {}, []), options.baseDir),
    model: parseModel(root.section('model')),
    training: parseTraining(root.section('training')),
  };
  // Cross-field checks only make sense once each field is well-formed on its own.
  if (issues.length === 0) issues.push(...crossCheck(config));
  if (issues.length > 0) throw new TrainingConfigError(issues, options.where ?? '');
  return config;
}

/** Whether a feature reads the log row itself (rather than a joined user or item table row). */
export function readsLogRow(feature: FeatureDef, data: DataDef): boolean {
  if (feature.source === 'user') return data.users === null;
  if (feature.source === 'item') return data.items === null;
  return true;
}

function crossCheck(config: TrainingConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const { features, tasks, bias, data } = config;
  if (features.length === 0) issues.push({ path: 'features', message: 'expected at least one feature' });
  if (tasks.length === 0) issues.push({ path: 'tasks', message: 'expected at least one task' });
  issues.push(...duplicates('features', features), ...duplicates('tasks', tasks));

  const labelOf = new Map<string, string>();
  tasks.forEach((task, i) => {
    if (!labelOf.has(task.column)) labelOf.set(task.column, `tasks[${i}]`);
  });
  const labelClash = (column: string) => {
    const task = labelOf.get(column);
    return task ? `"${column}" is the label column of ${task}; a label cannot also be an input` : undefined;
  };
  features.forEach((feature, i) => {
    const clash = readsLogRow(feature, data) ? labelClash(feature.column) : undefined;
    if (clash) issues.push({ path: `features[${i}].column`, message: clash });
  });
  if (bias) {
    const position = labelClash(bias.positionColumn);
    if (position) issues.push({ path: 'bias.position', message: position });
    const device = bias.deviceColumn === null ? undefined : labelClash(bias.deviceColumn);
    if (device) issues.push({ path: 'bias.device', message: device });
  }
  tasks.forEach((task, i) => {
    if (task.biasTower && !bias) {
      issues.push({ path: `tasks[${i}].biasTower`, message: 'needs the bias section with bias.position' });
    }
  });
  if (tasks.some((t) => t.biasTower) && config.training.positionDropout === 0) {
    // Serving folds in the tower's answer for a missing position; with no dropped positions it is never trained.
    issues.push({ path: 'training.positionDropout', message: 'must be > 0 when a task has biasTower' });
  }
  issues.push(...checkModelReferences(config.model, features));
  return issues;
}

function duplicates(path: string, entries: readonly (FeatureDef | TaskDef)[]): ConfigIssue[] {
  const first = new Map<string, number>();
  const issues: ConfigIssue[] = [];
  entries.forEach((entry, i) => {
    const seen = first.get(entry.name);
    if (seen === undefined) first.set(entry.name, i);
    else
      issues.push({
        path: `${path}[${i}].name`,
        message: `duplicate name "${entry.name}" (also ${path}[${seen}])`,
      });
  });
  return issues;
}

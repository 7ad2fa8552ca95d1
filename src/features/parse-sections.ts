/** Validation of the `tasks`, `bias`, `data`, `model` and `training` sections, with their defaults. */
import { resolve } from 'node:path';
import { DATA_FORMATS } from '../data/read-rows.js';
import type { ValidationSplit } from '../data/split.js';
import type { Section } from './config-check.js';
import { type BiasDef, MISSING_LABEL_POLICIES, TASK_GROUPS, type TaskDef } from './spec.js';
import type { DataDef, FileRef, ModelDef, TableRef, TrainingDef } from './training-config.js';

/** Reads one entry of `tasks`. */
export function parseTask(sec: Section): TaskDef {
  sec.onlyKeys([
    'name',
    'column',
    'kind',
    'weight',
    'group',
    'biasTower',
    'missingLabel',
    'transform',
    'loss',
    'huberDelta',
  ]);
  const name = sec.string('name');
  const kind = sec.oneOf('kind', ['binary', 'regression'], undefined, 'kind');
  const transform = sec.oneOf('transform', ['none', 'log1p'], 'none', 'transform');
  if (kind === 'binary' && transform !== 'none')
    sec.fail('transform', 'only regression labels can be transformed');
  const loss = sec.oneOf('loss', ['squared', 'huber'], 'squared', 'loss');
  if (kind === 'binary' && sec.has('loss')) sec.fail('loss', 'binary heads always use cross-entropy');
  return {
    name,
    column: sec.string('column', name),
    kind,
    weight: sec.number('weight', { min: 0 }, 1),
    group: sec.oneOf('group', TASK_GROUPS, 'engagement', 'group'),
    biasTower: sec.bool('biasTower', false),
    missingLabel: sec.oneOf('missingLabel', MISSING_LABEL_POLICIES, 'error', 'policy'),
    transform,
    loss,
    huberDelta: sec.number('huberDelta', { min: 0, aboveMin: true }, 1),
  };
}

/** Reads the optional `bias` section (the shallow position/device tower). */
export function parseBias(sec: Section | null): BiasDef | null {
  if (!sec) return null;
  sec.onlyKeys(['position', 'device', 'maxPosition']);
  return {
    positionColumn: sec.string('position'),
    deviceColumn: sec.optionalString('device'),
    maxPosition: sec.int('maxPosition', { min: 1, max: 1000 }, 20),
  };
}

/** Reads the `data` section; relative paths are resolved against `baseDir` (the config's folder). */
export function parseData(sec: Section, baseDir: string): DataDef {
  sec.onlyKeys(['log', 'users', 'items', 'keys', 'validation', 'unknownIds', 'badValues']);
  const keysSec = sec.section('keys');
  keysSec?.onlyKeys(['request', 'user', 'item', 'timestamp', 'timestampUnit']);
  const keys = {
    request: keysSec?.optionalString('request') ?? null,
    user: keysSec?.optionalString('user') ?? null,
    item: keysSec?.optionalString('item') ?? null,
    timestamp: keysSec?.optionalString('timestamp') ?? null,
    timestampUnit: keysSec?.oneOf('timestampUnit', ['auto', 's', 'ms'], 'auto', 'unit') ?? 'auto',
  };
  return {
    log: fileRef(sec, 'log', baseDir) ?? { path: '', format: null },
    users: tableRef(sec, 'users', baseDir, keys.user, 'user'),
    items: tableRef(sec, 'items', baseDir, keys.item, 'item'),
    keys,
    validation: validation(sec, keys.timestamp),
    unknownIds: sec.oneOf('unknownIds', ['default', 'skip', 'error'], 'default', 'policy'),
    badValues: sec.oneOf('badValues', ['error', 'skip'], 'error', 'policy'),
  };
}

/** Reads the `model` section (MMoE sizes). */
export function parseModel(sec: Section | null): ModelDef {
  sec?.onlyKeys([
    'architecture',
    'levels',
    'sharedExperts',
    'taskExperts',
    'bottomUnits',
    'experts',
    'expertUnits',
    'towerUnits',
    'biasUnits',
    'gateDropout',
    'inputDropout',
    'sharedEmbeddings',
    'interactions',
    'wide',
    'wideL2',
  ]);
  const units = { min: 1, max: 4096 };
  return {
    // shared-bottom: one MLP (expertUnits) shared by every tower, for comparison with MMoE.
    architecture:
      sec?.oneOf('architecture', ['mmoe', 'shared-bottom', 'ple'], 'mmoe', 'architecture') ?? 'mmoe',
    // PLE (Tang et al. 2020): per level, shared experts plus each task's own; 1 level is CGC.
    levels: sec?.int('levels', { min: 1, max: 4 }, 1) ?? 1,
    sharedExperts: sec?.int('sharedExperts', { min: 1, max: 64 }, 2) ?? 2,
    taskExperts: sec?.int('taskExperts', { min: 1, max: 16 }, 1) ?? 1,
    // A shared layer between the inputs and the experts (YouTube 2019, section 4.2): the experts
    // and gates read its narrower output instead of the wide concatenated input.
    bottomUnits: sec?.intList('bottomUnits', units, { min: 0, max: 4 }, []) ?? [],
    experts: sec?.int('experts', { min: 1, max: 64 }, 4) ?? 4,
    expertUnits: sec?.intList('expertUnits', units, { min: 1, max: 8 }, [64]) ?? [64],
    towerUnits: sec?.intList('towerUnits', units, { min: 1, max: 8 }, [32]) ?? [32],
    // Empty means the bias tower is a single linear layer.
    biasUnits: sec?.intList('biasUnits', units, { min: 0, max: 4 }, []) ?? [],
    gateDropout: sec?.number('gateDropout', { min: 0, max: 0.9 }, 0) ?? 0,
    inputDropout: sec?.number('inputDropout', { min: 0, max: 0.9 }, 0) ?? 0,
    sharedEmbeddings: sec?.nameGroups('sharedEmbeddings', { min: 2, max: 16 }) ?? [],
    interactions: sec?.nameGroups('interactions', { min: 2, max: 2 }) ?? [],
    wide: sec?.names('wide') ?? [],
    // L2 penalty on the wide weights: shrinks an id seen on few rows towards the head's base rate.
    wideL2: sec?.number('wideL2', { min: 0, max: 1 }, 0) ?? 0,
  };
}

/** Reads the `training` section. */
export function parseTraining(sec: Section | null): TrainingDef {
  sec?.onlyKeys([
    'epochs',
    'batchSize',
    'learningRate',
    'seed',
    'earlyStoppingPatience',
    'earlyStopping',
    'headPatience',
    'taskWeighting',
    'gradnormAlpha',
    'positionDropout',
    'shuffleBuffer',
  ]);
  return {
    epochs: sec?.int('epochs', { min: 1, max: 1000 }, 5) ?? 5,
    batchSize: sec?.int('batchSize', { min: 1, max: 65_536 }, 512) ?? 512,
    learningRate: sec?.number('learningRate', { min: 0, max: 1, aboveMin: true }, 0.001) ?? 0.001,
    seed: sec?.int('seed', { min: 0, max: 0xffffffff }, 42) ?? 42,
    // 0 turns early stopping off.
    earlyStoppingPatience: sec?.int('earlyStoppingPatience', { min: 0, max: 100 }, 2) ?? 2,
    earlyStopping: sec?.oneOf('earlyStopping', ['relative', 'sum'], 'relative', 'criterion') ?? 'relative',
    // 0: no head is frozen on its own (task-wise early stopping is off).
    headPatience: sec?.int('headPatience', { min: 0, max: 100 }, 0) ?? 0,
    taskWeighting:
      sec?.oneOf('taskWeighting', ['fixed', 'uncertainty', 'gradnorm'], 'fixed', 'weighting') ?? 'fixed',
    gradnormAlpha: sec?.number('gradnormAlpha', { min: 0, max: 10 }, 1.5) ?? 1.5,
    positionDropout: sec?.number('positionDropout', { min: 0, max: 0.9 }, 0.1) ?? 0.1,
    // Rows held for shuffling the time-ordered log; 0 trains in log order.
    shuffleBuffer: sec?.int('shuffleBuffer', { min: 0, max: 10_000_000 }, 50_000) ?? 50_000,
  };
}

// `log: file.jsonl` or `log: {path: file.txt, format: csv}`.
function fileRef(sec: Section, key: string, baseDir: string, extra: string[] = []): FileRef | null {
  if (typeof sec.raw(key) === 'string') return { path: resolve(baseDir, sec.string(key)), format: null };
  const inner = sec.section(key, key === 'log');
  if (!inner) return null;
  inner.onlyKeys(['path', 'format', ...extra]);
  const format = inner.has('format') ? inner.oneOf('format', DATA_FORMATS, undefined, 'format') : null;
  return { path: resolve(baseDir, inner.string('path')), format };
}

function tableRef(
  sec: Section,
  key: string,
  baseDir: string,
  logKey: string | null,
  what: string,
): TableRef | null {
  const file = fileRef(sec, key, baseDir, ['key']);
  if (!file) return null;
  if (logKey === null)
    sec.fail(`keys.${what}`, `required when data.${key} is set (the ${what} id joins the log to it)`);
  const inner = typeof sec.raw(key) === 'string' ? null : sec.section(key);
  const tableKey = inner?.optionalString('key') ?? logKey ?? '';
  return { ...file, key: tableKey };
}

// `validation: {lastFraction: 0.1}`, `{after: <unix seconds | ISO date>}` or `none`.
function validation(sec: Section, timestamp: string | null): ValidationSplit {
  if (sec.raw('validation') === 'none') return { kind: 'none' };
  const inner = sec.section('validation');
  if (!inner) return { kind: 'lastFraction', fraction: 0.1 };
  inner.onlyKeys(['lastFraction', 'after']);
  if (inner.has('lastFraction') === inner.has('after')) {
    sec.fail('validation', 'set exactly one of lastFraction, after (or write validation: none)');
    return { kind: 'none' };
  }
  if (inner.has('lastFraction')) {
    return {
      kind: 'lastFraction',
      fraction: inner.number('lastFraction', { min: 0, max: 0.9, aboveMin: true }),
    };
  }
  if (timestamp === null) sec.fail('keys.timestamp', 'required by validation.after');
  const after = inner.raw('after');
  const seconds = typeof after === 'string' ? Date.parse(after) / 1000 : inner.number('after', {});
  if (!Number.isFinite(seconds))
    inner.fail('after', `expected unix seconds or an ISO date, got "${String(after)}"`);
  return { kind: 'after', timestamp: seconds };
}

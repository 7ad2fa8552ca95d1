/**
 * One streaming pass over training rows that learns what the encoder needs: vocabularies for
 * categorical features and bags, moments for numbers, the device vocabulary, label statistics.
 * Memory grows with the number of distinct ids, never with the number of rows.
 */
import { SkipReport } from '../data/skip-report.js';
import { FITTED_FORMAT, type FittedBias, type FittedFeature, type FittedFeatures } from './fitted.js';
import { fillValue, preScale } from './numeric.js';
import { isProblem, parseRow, settle } from './parse-row.js';
import type { RawRow } from './rows.js';
import type { FeatureDef, FeatureSpec } from './spec.js';
import { defaultEmbeddingDim, KeyCounter, RunningStats } from './stats.js';

/** Policies for the fit pass; use the same ones as the encode pass so both keep the same rows. */
export interface FitOptions {
  badValues?: 'error' | 'skip';
  /** Receives rows skipped by policy; a fresh report is used when absent. */
  report?: SkipReport;
}

/** The device vocabulary is small by nature; the cap keeps a mislabelled column from growing it. */
const MAX_DEVICES = 1000;

/** Fits vocabularies and statistics on training rows (one pass) into JSON-serialisable FittedFeatures. */
export async function fitFeatureStats(
  spec: FeatureSpec,
  rows: AsyncIterable<RawRow> | Iterable<RawRow>,
  options: FitOptions = {},
): Promise<FittedFeatures> {
  const report = options.report ?? new SkipReport();
  const parseOptions = { labels: true, badValues: options.badValues ?? 'error' } as const;
  const accumulators = spec.features.map(accumulatorFor);
  const labels = spec.tasks.map(() => new RunningStats());
  const devices = new KeyCounter();
  let used = 0;
  const skippedBefore = report.total;

  for await (const row of rows) {
    const parsed = parseRow(spec, row, parseOptions);
    if (isProblem(parsed)) {
      settle(parsed, row, report);
      continue;
    }
    used += 1;
    for (const [i, value] of parsed.features.entries()) accumulate(accumulators[i], spec.features[i]!, value);
    for (const [i, label] of (parsed.labels ?? []).entries()) labels[i]?.add(label);
    if (parsed.device !== null) devices.add(parsed.device);
  }

  return {
    format: FITTED_FORMAT,
    layout: spec.layout,
    features: spec.features.map((feature, i) => finish(feature, accumulators[i])),
    tasks: spec.tasks,
    bias: fitBias(spec, devices, used),
    labels: spec.tasks.map((task, i) => ({ task: task.name, ...labels[i]!.result() })),
    rows: used,
    skipped: report.total - skippedBefore,
  };
}

type Accumulator = KeyCounter | RunningStats | null;

function accumulatorFor(feature: FeatureDef): Accumulator {
  if (feature.type === 'numeric') return new RunningStats();
  if (feature.type === 'categorical') return new KeyCounter();
  if (feature.type === 'bag' && feature.ids.encoding === 'vocabulary') return new KeyCounter();
  // Hashed ids need nothing fitted: the bucket count is fixed by the spec.
  return null;
}

function accumulate(
  acc: Accumulator | undefined,
  feature: FeatureDef,
  value: string | number | string[] | null,
) {
  if (acc instanceof RunningStats && feature.type === 'numeric') {
    acc.add(typeof value === 'number' ? preScale(feature, value) : null);
  } else if (acc instanceof KeyCounter) {
    if (typeof value === 'string') acc.add(value);
    else if (Array.isArray(value)) for (const id of value) acc.add(id);
  }
}

function finish(feature: FeatureDef, acc: Accumulator | undefined): FittedFeature {
  const dim = (hint: number | null, size: number) => hint ?? defaultEmbeddingDim(size);
  switch (feature.type) {
    case 'numeric': {
      const stats = acc instanceof RunningStats ? acc.result() : new RunningStats().result();
      return { type: 'numeric', spec: feature, stats, fill: fillValue(feature, stats) };
    }
    case 'categorical': {
      const vocabulary = acc instanceof KeyCounter ? acc.top(feature.minCount, feature.maxSize) : [];
      const size = vocabulary.length + 1;
      return {
        type: 'categorical',
        spec: feature,
        vocabulary,
        size,
        embeddingDim: dim(feature.embeddingDim, size),
      };
    }
    case 'hashed': {
      const size = feature.buckets + 1;
      return { type: 'hashed', spec: feature, size, embeddingDim: dim(feature.embeddingDim, size) };
    }
    case 'bag': {
      const { ids } = feature;
      const vocabulary =
        ids.encoding === 'vocabulary' && acc instanceof KeyCounter
          ? acc.top(ids.minCount, ids.maxSize)
          : null;
      const size = vocabulary ? vocabulary.length + 1 : ids.encoding === 'hashed' ? ids.buckets + 1 : 1;
      return { type: 'bag', spec: feature, vocabulary, size, embeddingDim: dim(feature.embeddingDim, size) };
    }
  }
}

function fitBias(spec: FeatureSpec, devices: KeyCounter, rows: number): FittedBias | null {
  if (!spec.bias) return null;
  const vocabulary = spec.bias.deviceColumn ? devices.top(1, MAX_DEVICES) : [];
  const counts = vocabulary.map((device) => devices.count(device));
  const known = counts.reduce((a, b) => a + b, 0);
  // Rows without a device (or beyond the vocabulary) train with index 0, so they weigh there.
  const total = Math.max(rows, known);
  return {
    spec: spec.bias,
    positionSize: spec.bias.maxPosition + 1,
    devices: vocabulary,
    deviceSize: vocabulary.length + 1,
    deviceShare: total > 0 ? [(total - known) / total, ...counts.map((c) => c / total)] : [1],
  };
}

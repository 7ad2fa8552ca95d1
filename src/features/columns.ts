/**
 * Column writers for the encoder, compiled once per FittedFeatures (vocabulary maps, hash
 * settings, numeric statistics) and cached, so serving pays the compile cost once per model.
 */
import { murmur3 } from '../util/murmur3.js';
import type { EncodedFeature } from './encode.js';
import type { FittedFeature, FittedFeatures } from './fitted.js';
import { normalize, preScale } from './numeric.js';
import type { FeatureValue } from './parse-row.js';
import type { FeatureSpec } from './spec.js';

/** Writes one feature's values, row by row, into preallocated typed arrays. */
export interface ColumnWriter {
  put(row: number, value: FeatureValue): void;
  done(size: number): EncodedFeature;
}

/** A compiled encoder. */
export interface Compiled {
  spec: FeatureSpec;
  columns: ((capacity: number) => ColumnWriter)[];
  devices: Map<string, number>;
}

const compiledCache = new WeakMap<FittedFeatures, Compiled>();

/** The encoder for a FittedFeatures: the spec to parse rows with, a writer per feature, the device index. */
export function compileEncoder(fitted: FittedFeatures): Compiled {
  const cached = compiledCache.get(fitted);
  if (cached) return cached;
  const spec: FeatureSpec = {
    features: fitted.features.map((f) => f.spec),
    tasks: fitted.tasks,
    bias: fitted.bias?.spec ?? null,
    layout: fitted.layout,
  };
  const compiled = {
    spec,
    columns: fitted.features.map(columnFor),
    devices: vocabularyIndex(fitted.bias?.devices ?? []),
  };
  compiledCache.set(fitted, compiled);
  return compiled;
}

function columnFor(fitted: FittedFeature): (capacity: number) => ColumnWriter {
  const name = fitted.spec.name;
  switch (fitted.type) {
    case 'numeric':
      return (capacity) => numericWriter(fitted, capacity);
    case 'categorical':
      return (capacity) => indexWriter(name, vocabularyLookup(fitted.vocabulary), capacity);
    case 'hashed':
      return (capacity) => indexWriter(name, hashLookup(fitted.spec.buckets, fitted.spec.seed), capacity);
    case 'bag': {
      const ids = fitted.spec.ids;
      const lookup = fitted.vocabulary
        ? vocabularyLookup(fitted.vocabulary)
        : hashLookup(ids.encoding === 'hashed' ? ids.buckets : 1, ids.encoding === 'hashed' ? ids.seed : 0);
      return (capacity) => bagWriter(name, lookup, fitted.spec.maxLength, capacity);
    }
  }
}

function indexWriter(name: string, lookup: (key: string) => number, capacity: number): ColumnWriter {
  const indices = new Int32Array(capacity);
  return {
    put: (row, value) => {
      indices[row] = typeof value === 'string' ? lookup(value) : 0;
    },
    done: (size) => ({ name, kind: 'index', indices: trim(indices, size) }),
  };
}

function bagWriter(
  name: string,
  lookup: (key: string) => number,
  maxLength: number,
  capacity: number,
): ColumnWriter {
  const indices = new Int32Array(capacity * maxLength);
  // A ranking request repeats its history bag on every candidate's row: look each id up once.
  const seen = new Map<string, number>();
  const cached = (id: string): number => {
    let index = seen.get(id);
    if (index === undefined) {
      index = lookup(id);
      seen.set(id, index);
    }
    return index;
  };
  return {
    put: (row, value) => {
      const ids = Array.isArray(value) ? value : [];
      const base = row * maxLength;
      // Every slot is written, so a slot left over from a skipped row never leaks into the next.
      for (let j = 0; j < maxLength; j += 1) indices[base + j] = j < ids.length ? cached(ids[j]!) : 0;
    },
    done: (size) => ({ name, kind: 'bag', indices: trim(indices, size * maxLength), maxLength }),
  };
}

function numericWriter(fitted: Extract<FittedFeature, { type: 'numeric' }>, capacity: number): ColumnWriter {
  const { spec, stats, fill } = fitted;
  const values = new Float32Array(capacity);
  const missing = spec.missing.indicator ? new Float32Array(capacity) : null;
  return {
    put: (row, value) => {
      const present = typeof value === 'number';
      values[row] = normalize(spec, stats, present ? preScale(spec, value) : fill);
      if (missing) missing[row] = present ? 0 : 1;
    },
    done: (size) => ({
      name: spec.name,
      kind: 'numeric',
      values: trim(values, size),
      missing: missing && trim(missing, size),
    }),
  };
}

function vocabularyIndex(vocabulary: readonly string[]): Map<string, number> {
  return new Map(vocabulary.map((key, i) => [key, i + 1]));
}

function vocabularyLookup(vocabulary: readonly string[]): (key: string) => number {
  const index = vocabularyIndex(vocabulary);
  return (key) => index.get(key) ?? 0;
}

function hashLookup(buckets: number, seed: number): (key: string) => number {
  return (key) => 1 + (murmur3(key, seed) % buckets);
}

/** The first `size` entries of an array (the array itself when full, which is the common case). */
export function trim<T extends Int32Array | Float32Array>(array: T, size: number): T {
  return (size === array.length ? array : array.slice(0, size)) as T;
}

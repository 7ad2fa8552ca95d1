/** Small builders for transform tests: a config from YAML text, rows from plain records. */
import type { RawRecord } from '../../src/data/records.js';
import { parseConfigText } from '../../src/features/parse-config.js';
import type { RawRow } from '../../src/features/rows.js';
import type { FeatureSpec } from '../../src/features/spec.js';
import { featureSpec } from '../../src/features/training-config.js';

/** A feature spec from the `features`, `tasks` and `bias` sections of a YAML snippet. */
export function specFrom(sections: string): FeatureSpec {
  return featureSpec(parseConfigText(`data: { log: t.csv }\n${sections}`, { baseDir: '/' }));
}

/** Rows whose three sources are all the given record (no tables), at lines 2, 3, ... of t.csv. */
export function rowsOf(records: RawRecord[]): RawRow[] {
  return records.map((record, i) => ({
    context: record,
    user: record,
    item: record,
    origin: { file: 't.csv', line: i + 2 },
  }));
}

/** The plain array of a typed array, for readable assertions. */
export function list(array: Int32Array | Float32Array): number[];
export function list(array: Int32Array | Float32Array | null | undefined): number[] | null | undefined;
export function list(array: Int32Array | Float32Array | null | undefined): number[] | null | undefined {
  return array ? [...array] : array;
}

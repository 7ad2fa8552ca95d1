/**
 * `FittedFeatures`: the feature spec plus everything learnt from training data (vocabularies,
 * normalisation statistics, label statistics). It is plain JSON, saved in the model bundle and
 * loaded at serving, so that serving encodes exactly as training did without the training config.
 */
import { MultirankError } from '../errors.js';
import type {
  BagFeature,
  BiasDef,
  CategoricalFeature,
  HashedFeature,
  NumericFeature,
  RowLayout,
  TaskDef,
} from './spec.js';
import type { NumericStats } from './stats.js';

/** Format tag written into the JSON, bumped when the shape changes incompatibly. */
export const FITTED_FORMAT = 'multirank.features/1';

/** A fitted index feature: `size` counts index 0 (missing / out of vocabulary). */
interface IndexFit {
  size: number;
  embeddingDim: number;
}

/** A feature with what was learnt for it. */
export type FittedFeature =
  | ({ type: 'categorical'; spec: CategoricalFeature; vocabulary: string[] } & IndexFit)
  | ({ type: 'hashed'; spec: HashedFeature } & IndexFit)
  | ({ type: 'bag'; spec: BagFeature; vocabulary: string[] | null } & IndexFit)
  | {
      type: 'numeric';
      spec: NumericFeature;
      stats: NumericStats;
      /** The value a missing cell takes, on the log scale when the feature is log-scaled. */
      fill: number;
    };

/** The bias tower's inputs: positions 1..maxPosition (0 = absent) and a device vocabulary (0 = unknown). */
export interface FittedBias {
  spec: BiasDef;
  positionSize: number;
  devices: string[];
  deviceSize: number;
  /** Share of training rows per device index (index 0: none or unknown); weighs the bias folded into serving. */
  deviceShare?: number[];
}

/** Label statistics per task, e.g. to start a binary head at its base rate. */
export interface LabelStats extends NumericStats {
  task: string;
}

/** Everything the encoder needs, as JSON. */
export interface FittedFeatures {
  format: typeof FITTED_FORMAT;
  layout: RowLayout;
  features: FittedFeature[];
  tasks: TaskDef[];
  bias: FittedBias | null;
  labels: LabelStats[];
  /** Rows the fit used, and rows it skipped by policy. */
  rows: number;
  skipped: number;
}

/** One model input as the network sees it. */
export type InputDescriptor =
  | { name: string; kind: 'index'; size: number; embeddingDim: number }
  | { name: string; kind: 'bag'; size: number; embeddingDim: number; maxLength: number }
  | { name: string; kind: 'numeric'; indicator: boolean };

/** Lists the model inputs in encoding order, with the table sizes embeddings need. */
export function describeInputs(fitted: FittedFeatures): InputDescriptor[] {
  return fitted.features.map((f): InputDescriptor => {
    const name = f.spec.name;
    if (f.type === 'numeric') return { name, kind: 'numeric', indicator: f.spec.missing.indicator };
    if (f.type === 'bag') {
      return { name, kind: 'bag', size: f.size, embeddingDim: f.embeddingDim, maxLength: f.spec.maxLength };
    }
    return { name, kind: 'index', size: f.size, embeddingDim: f.embeddingDim };
  });
}

/** Accepts FittedFeatures read back from JSON, checking the format tag (the bundle hash guards the rest). */
export function parseFittedFeatures(json: unknown): FittedFeatures {
  const format = typeof json === 'object' && json !== null && 'format' in json ? json.format : undefined;
  if (format !== FITTED_FORMAT) {
    throw new MultirankError(
      'BAD_REQUEST',
      `fitted features: expected format "${FITTED_FORMAT}", got ${JSON.stringify(format) ?? 'none'}`,
    );
  }
  return json as FittedFeatures;
}

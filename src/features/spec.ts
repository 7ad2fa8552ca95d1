/**
 * The feature spec: which columns become features, which become task labels, and what feeds the
 * bias tower — the parsed, defaulted shapes (`parse-config.ts` builds them from YAML/JSON; the
 * rest of the training config is in `training-config.ts`; docs/data.md is the user reference).
 *
 * Lookup rule: a `user` feature reads the user table row when a user table is configured, else
 * the log row; likewise `item` with the item table; `context` always reads the log row (or, at
 * serving, the request context merged with the candidate's features).
 */
/** Where a feature's value is looked up. */
export const FEATURE_SOURCES = ['user', 'item', 'context'] as const;
/** One of FEATURE_SOURCES. */
export type FeatureSource = (typeof FEATURE_SOURCES)[number];

/** The feature types a config may declare. */
export const FEATURE_TYPES = ['categorical', 'hashed', 'numeric', 'bag'] as const;
/** One of FEATURE_TYPES. */
export type FeatureType = (typeof FEATURE_TYPES)[number];

/** How numeric values are scaled; `log1p+zscore` tames heavy tails such as durations or counts. */
export const NORMALIZATIONS = ['zscore', 'minmax', 'log1p+zscore', 'none'] as const;
/** One of NORMALIZATIONS. */
export type Normalization = (typeof NORMALIZATIONS)[number];

/** Fields every feature has. */
export interface FeatureBase {
  name: string;
  source: FeatureSource;
  /** Column read from the source record; defaults to the name. */
  column: string;
  /** Embedding width hint for index features; null lets the fit choose from the vocabulary size. */
  embeddingDim: number | null;
}

/** Ids mapped through a vocabulary fitted on training data (index 0 = missing or out of vocabulary). */
export interface VocabularyIds {
  encoding: 'vocabulary';
  minCount: number;
  maxSize: number;
}

/** Ids hashed with MurmurHash3 into `buckets` buckets (index 0 = missing). */
export interface HashedIds {
  encoding: 'hashed';
  buckets: number;
  seed: number;
}

/** A single id or category looked up in a vocabulary. */
export interface CategoricalFeature extends FeatureBase, Omit<VocabularyIds, 'encoding'> {
  type: 'categorical';
}

/** A single id hashed into buckets, for id spaces too large or too open for a vocabulary. */
export interface HashedFeature extends FeatureBase, Omit<HashedIds, 'encoding'> {
  type: 'hashed';
}

/** What to do with a missing numeric value. */
export interface MissingNumeric {
  fill: 'mean' | 'zero' | 'constant';
  /** The fill for `constant`, in the column's raw units. */
  value: number;
  /** Adds a 0/1 input telling the model the value was filled. */
  indicator: boolean;
}

/** A number, normalised with statistics fitted on training data. */
export interface NumericFeature extends Omit<FeatureBase, 'embeddingDim'> {
  type: 'numeric';
  normalize: Normalization;
  missing: MissingNumeric;
}

/** A bag of ids (watch history, tags), truncated to `maxLength` and padded with 0; the model mean-pools it. */
export interface BagFeature extends FeatureBase {
  type: 'bag';
  ids: VocabularyIds | HashedIds;
  maxLength: number;
  /** Splits a text cell (CSV) into ids; JSON arrays need no separator. */
  separator: string;
  /** Which end of an over-long bag to keep: `last` keeps the most recent of a chronological history. */
  keep: 'first' | 'last';
}

/** Any feature. */
export type FeatureDef = CategoricalFeature | HashedFeature | NumericFeature | BagFeature;

/** Task groups, after the paper: engagement (clicks, watch time) and satisfaction (likes, ratings). */
export const TASK_GROUPS = ['engagement', 'satisfaction'] as const;
/** What to do with a row whose label is missing: fail, leave the row out, or mask this task only. */
export const MISSING_LABEL_POLICIES = ['error', 'skip', 'mask'] as const;

/** One prediction head and the label column it learns from. */
export interface TaskDef {
  name: string;
  column: string;
  kind: 'binary' | 'regression';
  weight: number;
  group: (typeof TASK_GROUPS)[number];
  /** Adds the shallow position/device tower's logit to this head during training. */
  biasTower: boolean;
  missingLabel: (typeof MISSING_LABEL_POLICIES)[number];
  /** Regression labels only: `log1p` for heavy-tailed targets such as watch seconds. */
  transform: 'none' | 'log1p';
  /** Regression only: squared error, or Huber with `huberDelta` (robust to outlying labels). */
  loss: 'squared' | 'huber';
  huberDelta: number;
}

/** Columns feeding the shallow position-bias tower. */
export interface BiasDef {
  positionColumn: string;
  deviceColumn: string | null;
  /** Positions beyond this share its index; 0 stays for absent positions. */
  maxPosition: number;
}

/** How rows are assembled: which log columns hold the ids, and which sources come from tables. */
export interface RowLayout {
  userKey: string | null;
  itemKey: string | null;
  /** Set when user features come from a user table; `key` is the id column inside it. */
  userTable: { key: string } | null;
  itemTable: { key: string } | null;
}

/** The part of a config that the transforms need: enough to fit, encode and serve without the data paths. */
export interface FeatureSpec {
  features: FeatureDef[];
  tasks: TaskDef[];
  bias: BiasDef | null;
  layout: RowLayout;
}

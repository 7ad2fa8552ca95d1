/**
 * The training config around the feature spec: where the data lives, the data-level policies,
 * the validation split, and the model and training settings (validated here, interpreted by the
 * model and the trainer).
 */
import type { DataFormat } from '../data/read-rows.js';
import type { ValidationSplit } from '../data/split.js';
import type { BiasDef, FeatureDef, FeatureSpec, RowLayout, TaskDef } from './spec.js';

/** A data file and, optionally, its explicit format. */
export interface FileRef {
  path: string;
  format: DataFormat | null;
}

/** A table joined onto the log by id; `key` is the id column inside the table. */
export interface TableRef extends FileRef {
  key: string;
}

/** Where the data is and the data-level policies. */
export interface DataDef {
  log: FileRef;
  users: TableRef | null;
  items: TableRef | null;
  keys: { request: string | null; user: string | null; item: string | null; timestamp: string | null };
  validation: ValidationSplit;
  /** A log id absent from its table: table defaults, skip the row, or fail. */
  unknownIds: 'default' | 'skip' | 'error';
  /** A value that cannot be read (text in a numeric column, a label of 7 for a binary task). */
  badValues: 'error' | 'skip';
}

/** MMoE sizes; validated here, interpreted by the model. */
export interface ModelDef {
  architecture: 'mmoe' | 'shared-bottom';
  /** Dense ReLU layers shared by every task between the inputs and the experts and gates (empty: none). */
  bottomUnits: number[];
  experts: number;
  expertUnits: number[];
  towerUnits: number[];
  biasUnits: number[];
  gateDropout: number;
  /** Dropout on the concatenated inputs in training (identity at serving); curbs memorising ids. */
  inputDropout: number;
  /** Groups of hashed id features that look up one embedding table (item_id, current_item_id, recent_items). */
  sharedEmbeddings: string[][];
  /** Pairs of embedded features whose vectors' dot product is an extra input (user history · item). */
  interactions: string[][];
  /** Single id features whose per-id, per-head weight is added to every head's logit (Wide & Deep). */
  wide: string[];
  /** L2 penalty on the wide weights, added to the training loss (0: none). */
  wideL2: number;
}

/** Optimisation settings; validated here, interpreted by the trainer. */
export interface TrainingDef {
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  earlyStoppingPatience: number;
  /** Share of training rows whose position is hidden from the bias tower (the paper uses 10%). */
  positionDropout: number;
  /** Rows held by the streaming shuffle buffer (0 = log order); memory grows with it. */
  shuffleBuffer: number;
}

/** A complete, validated training config with every default filled in. */
export interface TrainingConfig {
  features: FeatureDef[];
  tasks: TaskDef[];
  bias: BiasDef | null;
  data: DataDef;
  model: ModelDef;
  training: TrainingDef;
}

/** Extracts the transform-relevant part of a training config. */
export function featureSpec(config: TrainingConfig): FeatureSpec {
  const { data } = config;
  const layout: RowLayout = {
    userKey: data.keys.user,
    itemKey: data.keys.item,
    userTable: data.users ? { key: data.users.key } : null,
    itemTable: data.items ? { key: data.items.key } : null,
  };
  return { features: config.features, tasks: config.tasks, bias: config.bias, layout };
}

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
  keys: {
    request: string | null;
    user: string | null;
    item: string | null;
    timestamp: string | null;
    /** Unit of the timestamp column: seconds, milliseconds, or detected from the values. */
    timestampUnit: 'auto' | 's' | 'ms';
  };
  validation: ValidationSplit;
  /** A log id absent from its table: table defaults, skip the row, or fail. */
  unknownIds: 'default' | 'skip' | 'error';
  /** A value that cannot be read (text in a numeric column, a label of 7 for a binary task). */
  badValues: 'error' | 'skip';
}

/** Network sizes; validated here, interpreted by the model. */
export interface ModelDef {
  architecture: 'mmoe' | 'shared-bottom' | 'ple';
  /** PLE: extraction levels (1 = CGC, Tang et al. 2020). */
  levels: number;
  /** PLE: experts shared by every task, per level. */
  sharedExperts: number;
  /** PLE: experts of each task's own, per level. */
  taskExperts: number;
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
  /**
   * What early stopping and the best epoch watch: `relative`, the mean over heads of each head's
   * validation loss divided by its first epoch's (every head weighs the same whatever its label
   * rate), or `sum`, the weighted sum of the heads' losses.
   */
  earlyStopping: 'relative' | 'sum';
  /**
   * Task-wise early stopping: epochs a head's own validation loss may go without improving
   * before that head is frozen at its best while the others train on (0: never).
   */
  headPatience: number;
  /** How the heads' losses are weighted: the tasks' fixed weights, or learned (see docs/training.md). */
  taskWeighting: 'fixed' | 'uncertainty' | 'gradnorm';
  /** GradNorm's asymmetry α: how hard lagging tasks are pulled up (Chen et al. 2018 use 0.5–3). */
  gradnormAlpha: number;
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

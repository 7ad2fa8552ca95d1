/**
 * The multi-task loss: each head's loss over the rows where its label is present (mask 1),
 * weighted by the task's loss weight and summed. Masking is what lets sparse labels (ratings)
 * train their head without dropping the rows for every other head.
 */
import * as tf from '@tensorflow/tfjs';

/** What the loss needs to know about a head. */
export interface LossHead {
  kind: 'binary' | 'regression';
  weight: number;
  /** Regression only: Huber's delta; null means squared error. */
  huberDelta?: number | null;
}

/** Mean of `values` over the rows with mask 1 (0 when the batch has no labelled row). */
function maskedMean(values: tf.Tensor, mask: tf.Tensor): tf.Scalar {
  const count = tf.sum(mask);
  return tf.div(tf.sum(tf.mul(values, mask)), tf.maximum(count, 1)) as tf.Scalar;
}

/** Per-row loss of one head: binary cross-entropy on probabilities, squared error or Huber on values. */
function rowLoss(head: LossHead, prediction: tf.Tensor, label: tf.Tensor): tf.Tensor {
  if (head.kind === 'binary') {
    const p = tf.clipByValue(prediction, 1e-7, 1 - 1e-7);
    return tf.neg(tf.add(tf.mul(label, tf.log(p)), tf.mul(tf.sub(1, label), tf.log(tf.sub(1, p)))));
  }
  const error = tf.sub(prediction, label);
  if (!head.huberDelta) return tf.square(error);
  const absolute = tf.abs(error);
  const quadratic = tf.minimum(absolute, head.huberDelta);
  return tf.add(tf.mul(0.5, tf.square(quadratic)), tf.mul(head.huberDelta, tf.sub(absolute, quadratic)));
}

/** Each head's masked mean loss, and their weighted sum (the value optimised). */
export function multitaskLoss(
  heads: LossHead[],
  predictions: tf.Tensor[],
  labels: tf.Tensor[],
  masks: tf.Tensor[],
): { total: tf.Scalar; perHead: tf.Scalar[] } {
  const perHead = heads.map((head, k) => maskedMean(rowLoss(head, predictions[k]!, labels[k]!), masks[k]!));
  const total = perHead.reduce<tf.Scalar>(
    (sum, loss, k) => tf.add(sum, tf.mul(loss, heads[k]!.weight)),
    tf.scalar(0),
  );
  return { total, perHead };
}

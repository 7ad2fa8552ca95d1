/**
 * Task-wise early stopping (Zhang, Luo, Loy and Tang, ECCV 2014), `training.headPatience`: a head
 * whose own validation loss has not improved for that many epochs is frozen while the others
 * train on. Its own layers (model/head-layers.ts) go back to their values at its best epoch and
 * stay there, and its loss counts 0 in the combined loss, so it no longer pulls the shared layers
 * either. (Its variables stay in the optimizer's list, multiplied by 0 rather than left out: TF.js's
 * Adam keys its moments by the variables' position in that list. `hold` undoes what the moments'
 * momentum would still move.)
 *
 * Why: a head with few labels (ratings on 1% of rows) over-fits within a few epochs while the
 * dense heads are still learning. Its rising loss alone can stop the whole run early (any
 * criterion that weighs heads equally feels it), leaving the other heads under-trained.
 */
import * as tf from '@tensorflow/tfjs';
import { headVariables } from '../model/head-layers.js';
import type { EpochRecord } from './checkpoint.js';

function assignAll(variables: tf.Variable[], values: tf.Tensor[]): void {
  variables.forEach((variable, i) => {
    variable.assign(values[i]!);
  });
}

const epochs = (n: number) => `${n} epoch${n === 1 ? '' : 's'}`;

/** Which heads train, and what a frozen head goes back to. */
export interface HeadFreezer {
  /** Per head, in the model's head order: false once frozen. */
  active(): boolean[];
  /** Frozen heads' names (kept in checkpoints, so a resumed run keeps them frozen). */
  frozen(): string[];
  /** Puts the frozen heads' own layers back at their frozen values (after each step). */
  hold(): void;
  /** After an epoch's validation: keeps each head's best, freezes the heads past patience; log lines. */
  afterEpoch(history: EpochRecord[]): string[];
  dispose(): void;
}

/** A freezer for `heads` of `model`; patience 0 never freezes. */
export function createHeadFreezer(
  model: tf.LayersModel,
  heads: string[],
  patience: number,
  frozenAtStart: string[] = [],
): HeadFreezer {
  const own = heads.map((head) => headVariables(model, head));
  // Frozen head → its own layers' values; a resumed run's frozen heads are held where they are.
  const frozen = new Map<string, tf.Tensor[]>(
    heads.flatMap((h, k) => (frozenAtStart.includes(h) ? [[h, own[k]!.map((v) => v.clone())]] : [])),
  );
  // A head's own values at its best epoch so far (not kept in checkpoints: a head that freezes
  // after a resume, before a new best, keeps its values of the moment).
  const bestValues = new Map<string, { epoch: number; values: tf.Tensor[] }>();
  return {
    active: () => heads.map((h) => !frozen.has(h)),
    frozen: () => heads.filter((h) => frozen.has(h)),
    hold() {
      heads.forEach((head, k) => {
        const values = frozen.get(head);
        if (values) assignAll(own[k]!, values);
      });
    },
    afterEpoch(history) {
      if (patience <= 0) return [];
      const lines: string[] = [];
      heads.forEach((head, k) => {
        if (frozen.has(head)) return;
        const losses = history.map((r) => {
          const loss = r.validationHeadLosses?.[head];
          return loss !== undefined && Number.isFinite(loss) ? loss : Number.POSITIVE_INFINITY;
        });
        // A head with no validation labels has no curve to judge.
        if (losses.every((l) => l === Number.POSITIVE_INFINITY)) return;
        const bestIndex = losses.indexOf(Math.min(...losses));
        const latest = history.length - 1;
        if (bestIndex === latest) {
          tf.dispose(bestValues.get(head)?.values ?? []);
          bestValues.set(head, { epoch: history[latest]!.epoch, values: own[k]!.map((v) => v.clone()) });
          return;
        }
        if (latest - bestIndex < patience) return;
        const kept = bestValues.get(head);
        frozen.set(head, kept?.values.map((v) => v.clone()) ?? own[k]!.map((v) => v.clone()));
        if (kept) assignAll(own[k]!, kept.values);
        lines.push(
          `head ${head} frozen: its validation loss has not improved for ${epochs(latest - bestIndex)}; ` +
            (kept ? `its own layers are back at epoch ${kept.epoch}` : 'its own layers keep their values'),
        );
      });
      return lines;
    },
    dispose() {
      for (const { values } of bestValues.values()) tf.dispose(values);
      for (const values of frozen.values()) tf.dispose(values);
      bestValues.clear();
      frozen.clear();
    },
  };
}

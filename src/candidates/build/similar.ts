/**
 * Item → similar items for the history generator: embeddings fitted on the sampled
 * (user, clicked item) pairs, then each item's nearest items by cosine. The fitting itself lives
 * in ../embeddings.ts; this file only feeds it and handles the empty case.
 */
import { fitItemEmbeddings, nearestItems } from '../embeddings.js';
import type { Csr } from '../types.js';
import type { ClickSample } from './click-sample.js';

/** Settings for the embeddings behind `similar`. */
export interface SimilarSettings {
  dim: number;
  epochs: number;
  seed: number;
  neighbours: number;
}

/** Each item's nearest items in the click embedding space, best first. */
export function similarItems(
  sample: ClickSample,
  nUsers: number,
  nItems: number,
  settings: SimilarSettings,
): Csr {
  const clicks = sample.pairs();
  // Nothing to factorise: every row empty rather than neighbours drawn from random vectors.
  if (clicks.users.length === 0 || nItems < 2) return emptyCsr(nItems);
  const { dim, epochs, seed } = settings;
  const embeddings = fitItemEmbeddings(clicks, nUsers, nItems, { dim, epochs, seed });
  return nearestItems(embeddings, nItems, dim, Math.min(settings.neighbours, nItems - 1));
}

/** A Csr with `rows` empty rows. */
export function emptyCsr(rows: number): Csr {
  return { offsets: new Int32Array(rows + 1), targets: new Int32Array(0), scores: new Float32Array(0) };
}

/**
 * Item embeddings for the "history" candidate generator: each item's nearest items in a space
 * fitted from click logs alone (no dependency on the ranker), stored as the index's `similar` Csr.
 *
 * Why BPR: the logs are implicit feedback. A click says the user liked the item; a missing click
 * says nothing definite (unseen, or seen and skipped), so there are no negatives to regress on.
 * BPR (Rendle et al. 2009) needs none: it only asks that a user score each clicked item above a
 * randomly drawn item they did not click, which fits positive-only data directly, and the item
 * factors it learns put items clicked by the same users close together.
 *
 * Defaults (tuned on planted-cluster clicks; the share of each item's exact top-10 neighbours in
 * its own cluster is the measure): dim 32 and 10 epochs (one epoch = one SGD step per click),
 * learning rate 0.2, L2 regularisation 0.01, factors initialised N(0, 0.01²), no item bias.
 * On dense clicks (15 per item) anything from lr 0.05 × 10 epochs up puts ≥ 99% of neighbours
 * in the right cluster. On sparse clicks like the bench's (20k items in 40 clusters, 4 clicks
 * per item, 8 per user) 10 epochs give 0.04 at lr 0.05, 0.43 at 0.1 and 0.77 at 0.2 (0.85 with
 * 20 epochs): SGD first has to grow the structure out of the random start, so the step size
 * matters more than the epochs. An item bias or a larger start (0.1) each roughly halved that
 * figure (at lr 0.1, 20 epochs: 0.76 → 0.38 and 0.33), so neither is used.
 * Items nobody clicked are never drawn as negatives either, so they keep their small random
 * start: after normalisation they point in random directions and rarely sit among a clicked
 * item's neighbours.
 *
 * Nearest items: exact cosine up to 5,000 items, above that random-hyperplane LSH with buckets
 * read as sorted windows (embeddings/lsh.ts); recall and speed are measured in
 * test/candidates/embeddings.test.ts and bench/candidates-embeddings.ts.
 */
export { fitItemEmbeddings } from './embeddings/bpr.js';
export { nearestItems } from './embeddings/knn.js';

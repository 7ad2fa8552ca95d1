/**
 * Co-watch counting in memory bounded by the item count, not the log length.
 *
 * A click on b co-occurs with the item being watched when it was shown (a → b, "watched next")
 * and with the same user's earlier clicks p inside a short window (p → b). Clicks at the same
 * moment (one page view) have no known order, so those pairs count both ways. Each pair adds
 * its decay weight. Rows are Maps of neighbour → decayed count, pruned to the strongest
 * `keepPerItem` whenever one doubles past it, so a hit item cannot grow without bound; what a
 * pruned pair had counted is lost (a space-saving approximation that only touches the tail).
 */
import type { Csr } from '../types.js';
import { ItemCounter } from './counters.js';
import type { DecayClock } from './decay.js';

/** How co-watch pairs are formed and kept. */
export interface CowatchSettings {
  windowSeconds: number;
  recent: number;
  keepPerItem: number;
}

/** Accumulates decayed co-watch counts while the log streams past. */
export class CowatchCounter {
  private readonly rows: (Map<number, number> | undefined)[] = [];
  /** Row and column totals of all counts ever added (before pruning), for the normalisation. */
  private readonly outTotal = new ItemCounter();
  private readonly inTotal = new ItemCounter();
  /** Per user: their last clicks as [item, time, item, time, ...], oldest first. */
  private readonly recentClicks = new Map<number, number[]>();

  /** A counter whose weights come from `clock`. */
  constructor(
    private readonly clock: DecayClock,
    private readonly settings: CowatchSettings,
  ) {
    clock.onRescale((factor) => {
      for (const row of this.rows) if (row) for (const [b, c] of row) row.set(b, c * factor);
      this.outTotal.scale(factor);
      this.inTotal.scale(factor);
    });
  }

  /** Records a click of `item` by `user` at `t`, with the item being watched (−1 when none). */
  click(user: number, item: number, t: number, current: number): void {
    const w = this.clock.weight(t);
    if (current >= 0 && current !== item) this.add(current, item, w);
    const history = this.recentClicks.get(user) ?? [];
    const seen = new Set<number>([item, current]);
    for (let j = history.length - 2; j >= 0; j -= 2) {
      const p = history[j] ?? -1;
      const age = t - (history[j + 1] ?? t);
      if (age > this.settings.windowSeconds) break;
      if (seen.has(p)) continue;
      seen.add(p);
      this.add(p, item, w);
      if (age <= 0) this.add(item, p, w);
    }
    history.push(item, t);
    if (history.length > 2 * this.settings.recent)
      history.splice(0, history.length - 2 * this.settings.recent);
    this.recentClicks.set(user, history);
  }

  /** Pairs currently held (after pruning). */
  get pairs(): number {
    let n = 0;
    for (const row of this.rows) n += row?.size ?? 0;
    return n;
  }

  /**
   * The top `k` neighbours of each item, scored C(a,b) / (out(a)^(1−α) · in(b)^α), where out(a)
   * and in(b) are a's and b's total co-watch counts. α sets how much b's own popularity is
   * discounted: α = 0 ranks by raw counts (hits everywhere), α = 1 is lift (one stray co-click
   * of a rare item wins); 0.5 is the cosine of the two items' co-watch vectors, which keeps
   * strong pairs of popular items while letting specific niche pairs through. Scores lie in (0, 1].
   */
  toCsr(nItems: number, k: number, alpha: number): Csr {
    const offsets = new Int32Array(nItems + 1);
    const targets: number[] = [];
    const scores: number[] = [];
    for (let a = 0; a < nItems; a++) {
      const row = this.rows[a];
      if (row) {
        const out = this.outTotal.get(a) ** (1 - alpha);
        const scored = [...row].map(([b, c]) => [b, c / (out * this.inTotal.get(b) ** alpha)] as const);
        scored.sort((x, y) => y[1] - x[1] || x[0] - y[0]);
        for (const [b, s] of scored.slice(0, k)) {
          targets.push(b);
          scores.push(s);
        }
      }
      offsets[a + 1] = targets.length;
    }
    return { offsets, targets: Int32Array.from(targets), scores: Float32Array.from(scores) };
  }

  private add(a: number, b: number, w: number): void {
    let row = this.rows[a];
    if (!row) {
      row = new Map();
      this.rows[a] = row;
    }
    row.set(b, (row.get(b) ?? 0) + w);
    this.outTotal.add(a, w);
    this.inTotal.add(b, w);
    if (row.size > 2 * this.settings.keepPerItem) this.rows[a] = prune(row, this.settings.keepPerItem);
  }
}

function prune(row: Map<number, number>, keep: number): Map<number, number> {
  const strongest = [...row].sort((x, y) => y[1] - x[1] || x[0] - y[0]).slice(0, keep);
  return new Map(strongest);
}

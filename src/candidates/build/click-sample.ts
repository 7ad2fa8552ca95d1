/**
 * A bounded, uniform sample of (user, clicked item) pairs for fitting item embeddings.
 *
 * Keeping every click would make memory grow with the log; reservoir sampling (Vitter's
 * algorithm R) keeps at most `capacity` pairs, each click equally likely to be among them,
 * which is what a matrix factorisation over implicit feedback wants. Seeded, so a rebuild from
 * the same log gives the same index.
 */
import { Rng } from '../../util/random.js';

/** A reservoir of click pairs in two parallel typed arrays. */
export class ClickSample {
  private users: Int32Array;
  private items: Int32Array;
  private size = 0;
  private seen = 0;
  private readonly rng: Rng;

  /** An empty sample keeping at most `capacity` pairs. */
  constructor(
    private readonly capacity: number,
    seed: number,
  ) {
    const initial = Math.min(capacity, 1024);
    this.users = new Int32Array(initial);
    this.items = new Int32Array(initial);
    this.rng = new Rng(seed, 'candidates/click-sample');
  }

  /** Offers one click to the sample. */
  add(user: number, item: number): void {
    this.seen += 1;
    if (this.size < this.capacity) {
      if (this.size === this.users.length) this.grow();
      this.users[this.size] = user;
      this.items[this.size] = item;
      this.size += 1;
      return;
    }
    const slot = this.rng.int(this.seen);
    if (slot < this.capacity) {
      this.users[slot] = user;
      this.items[slot] = item;
    }
  }

  /** The sampled pairs (views, not copies). */
  pairs(): { users: Int32Array; items: Int32Array } {
    return { users: this.users.subarray(0, this.size), items: this.items.subarray(0, this.size) };
  }

  /** Clicks offered so far (kept or not). */
  get offered(): number {
    return this.seen;
  }

  private grow(): void {
    const size = Math.min(this.capacity, this.users.length * 2);
    const users = new Int32Array(size);
    const items = new Int32Array(size);
    users.set(this.users);
    items.set(this.items);
    this.users = users;
    this.items = items;
  }
}

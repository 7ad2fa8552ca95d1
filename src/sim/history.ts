/**
 * Each user's most recent clicks, the only per-user state that grows with the log.
 * A fixed ring per user keeps memory at users × length × 4 bytes however long the run.
 */

/** Recent clicked items per user, newest first when read. */
export class ClickHistory {
  private readonly ring: Int32Array;
  private readonly size: Uint16Array;
  private readonly head: Uint16Array;

  /** Space for `length` clicks for each of `users` users. */
  constructor(
    users: number,
    readonly length: number,
  ) {
    this.ring = new Int32Array(users * length);
    this.size = new Uint16Array(users);
    this.head = new Uint16Array(users);
  }

  /** Number of remembered clicks of a user. */
  count(user: number): number {
    return this.size[user] ?? 0;
  }

  /** The k-th most recent click of a user (k = 0 is the latest); call with k < count(user). */
  at(user: number, k: number): number {
    const h = this.head[user] ?? 0;
    const slot = (h - 1 - k + 2 * this.length) % this.length;
    return this.ring[user * this.length + slot] ?? -1;
  }

  /** True if the item is among the user's remembered clicks. */
  has(user: number, item: number): boolean {
    const n = this.count(user);
    for (let k = 0; k < n; k++) if (this.at(user, k) === item) return true;
    return false;
  }

  /** Remembers a click, forgetting the oldest one when full. */
  push(user: number, item: number): void {
    const h = this.head[user] ?? 0;
    this.ring[user * this.length + h] = item;
    this.head[user] = (h + 1) % this.length;
    if ((this.size[user] ?? 0) < this.length) this.size[user] = (this.size[user] ?? 0) + 1;
  }
}

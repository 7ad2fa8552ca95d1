/**
 * Exponential time decay relative to the end of a log that is read once, front to back.
 *
 * The end is only known after the last row, so events are weighted 2^((t − ref)/h) against a
 * running reference time and the totals are scaled by 2^(−(end − ref)/h) at the end: the same
 * numbers as decaying each event by its age at the end, without a second pass. The weights grow
 * with t, so when they near the float64 range the reference moves forward and every accumulator
 * tied to the clock is rescaled (rare: once per ~256 half-lives of log).
 */

const RESCALE_AFTER_HALF_LIVES = 256;
const SECONDS_PER_DAY = 86_400;

/** A decay clock for one half-life, shared by the accumulators that use it. */
export class DecayClock {
  private readonly halfLifeSeconds: number;
  private ref: number | undefined;
  private readonly rescalers: ((factor: number) => void)[] = [];

  /** A clock with the given half-life in days. */
  constructor(readonly halfLifeDays: number) {
    this.halfLifeSeconds = halfLifeDays * SECONDS_PER_DAY;
  }

  /** Registers an accumulator to multiply by `factor` whenever the reference moves. */
  onRescale(rescale: (factor: number) => void): void {
    this.rescalers.push(rescale);
  }

  /** The weight of an event at `t` (unix seconds), in the clock's current units. */
  weight(t: number): number {
    if (this.ref === undefined) this.ref = t;
    let exponent = (t - this.ref) / this.halfLifeSeconds;
    if (exponent > RESCALE_AFTER_HALF_LIVES) {
      const factor = 2 ** -exponent;
      for (const rescale of this.rescalers) rescale(factor);
      this.ref = t;
      exponent = 0;
    }
    return 2 ** exponent;
  }

  /** The factor turning accumulated weights into weights decayed to `end` (an event at `end` counts 1). */
  factorAt(end: number): number {
    return this.ref === undefined ? 1 : 2 ** (-(end - this.ref) / this.halfLifeSeconds);
  }
}

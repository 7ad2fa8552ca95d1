/**
 * Counts rows left out by a policy (skip on missing label, unknown id, bad value), by reason.
 *
 * Nothing is ever dropped silently: every skip goes through a report, the trainer prints its
 * summary at the end of a pass, and the first place each reason occurred is kept for the user.
 */
import { formatOrigin, type RowOrigin } from './errors.js';

/** One reason rows were skipped, how often, and where it first happened. */
export interface SkipEntry {
  reason: string;
  count: number;
  firstAt: string;
}

/** Accumulates skipped rows by reason during one pass over the data. */
export class SkipReport {
  private readonly entries = new Map<string, SkipEntry>();
  private skippedRows = 0;

  /** Records that one row was skipped for `reason`. */
  add(reason: string, origin: RowOrigin): void {
    this.skippedRows += 1;
    const entry = this.entries.get(reason);
    if (entry) entry.count += 1;
    else this.entries.set(reason, { reason, count: 1, firstAt: formatOrigin(origin) });
  }

  /** Total rows skipped, whatever the reason. */
  get total(): number {
    return this.skippedRows;
  }

  /** The reasons, most frequent first. */
  list(): SkipEntry[] {
    return [...this.entries.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  }

  /** A human-readable summary, e.g. `skipped 3 rows: 2 × unknown item id (first at log.csv:7), ...`. */
  summary(): string {
    if (this.skippedRows === 0) return 'skipped 0 rows';
    const parts = this.list().map((e) => `${e.count} × ${e.reason} (first at ${e.firstAt})`);
    return `skipped ${this.skippedRows} row${this.skippedRows === 1 ? '' : 's'}: ${parts.join(', ')}`;
  }

  /** The report as plain data, for metrics files. */
  toJSON(): { total: number; reasons: SkipEntry[] } {
    return { total: this.skippedRows, reasons: this.list() };
  }
}

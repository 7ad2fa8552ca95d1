/**
 * A small progress reporter for long CLI jobs (simulate, train, score).
 *
 * On a terminal it redraws one line (bar, count/total, rate, ETA) at most ten times a second;
 * when stderr is a file or a CI log it prints a plain line every few seconds instead, so logs
 * stay readable. done() always prints one summary line.
 */

/** The subset of a writable stream the reporter uses (process.stderr fits). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Settings of a progress reporter. */
export interface ProgressOptions {
  /** Shown first on every line, e.g. "simulate". */
  label: string;
  /** Expected final count; without it no percentage or ETA is shown. */
  total?: number;
  /** What is counted, e.g. "requests" (default "items"). */
  unit?: string;
  /** Where to draw (default process.stderr). */
  stream?: ProgressStream;
  /** Seconds between plain lines when not on a terminal (default 5). */
  intervalSeconds?: number;
  /** Clock in milliseconds (tests pass a fake one). */
  now?: () => number;
}

/** A running progress report. */
export interface Progress {
  /** Adds n (default 1) to the count and redraws if it is time to; `note` (e.g. "loss 0.31") trails the line. */
  tick(n?: number, note?: string): void;
  /** Prints the final summary line (with an optional note) and stops drawing. */
  done(note?: string): void;
  /** The count so far. */
  readonly count: number;
}

const TTY_REDRAW_MS = 100;
const BAR_WIDTH = 20;

/** Formats an integer with thin grouping: 1234567 → "1,234,567" (locale-independent). */
export function formatCount(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Formats seconds as "4.2s", "42s", "3m05s" or "1h02m". */
export function formatDuration(seconds: number): string {
  if (seconds < 9.95) return `${Math.max(0, seconds).toFixed(1)}s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Starts a progress report. */
export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? (() => performance.now());
  const unit = options.unit ?? 'items';
  const tty = stream.isTTY === true;
  const interval = tty ? TTY_REDRAW_MS : (options.intervalSeconds ?? 5) * 1000;
  const started = now();
  let lastDraw = started;
  let count = 0;
  let finished = false;
  let latestNote = '';

  const status = (elapsedMs: number): string => {
    const rate = elapsedMs > 0 ? (count * 1000) / elapsedMs : 0;
    const total = options.total;
    let text = `${formatCount(count)}${total !== undefined ? `/${formatCount(total)}` : ''} ${unit}`;
    if (total !== undefined && total > 0) {
      const share = Math.min(1, count / total);
      const pct = `${Math.floor(share * 100)}%`;
      const eta = rate > 0 ? ` ETA ${formatDuration((total - count) / rate)}` : '';
      text = tty ? `[${bar(share)}] ${pct} ${text}` : `${text} (${pct})`;
      text += `, ${formatCount(rate)}/s${eta}`;
    } else {
      text += `, ${formatCount(rate)}/s`;
    }
    return `${options.label}: ${text}${latestNote ? `, ${latestNote}` : ''}`;
  };

  const draw = (t: number): void => {
    lastDraw = t;
    const line = status(t - started);
    if (tty) stream.write(`\r\x1b[2K${line.slice(0, Math.max(20, (stream.columns ?? 80) - 1))}`);
    else stream.write(`${line}\n`);
  };

  return {
    get count() {
      return count;
    },
    tick(n = 1, note) {
      count += n;
      if (note !== undefined) latestNote = note;
      if (finished) return;
      const t = now();
      if (t - lastDraw >= interval) draw(t);
    },
    done(note) {
      if (finished) return;
      finished = true;
      const elapsed = now() - started;
      const rate = elapsed > 0 ? (count * 1000) / elapsed : 0;
      const line = `${options.label}: ${formatCount(count)} ${unit} in ${formatDuration(elapsed / 1000)} (${formatCount(rate)}/s)${note ? `; ${note}` : ''}`;
      stream.write(`${tty ? '\r\x1b[2K' : ''}${line}\n`);
    },
  };
}

function bar(share: number): string {
  const filled = Math.round(share * BAR_WIDTH);
  return `${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}`;
}

/** A progress display: the CLI's bar, or nothing. Long core work reports through it. */
export interface ProgressLike {
  tick(n?: number, note?: string): void;
  done(note?: string): void;
}

/** The display that shows nothing (library callers, tests). */
export const silentProgress: ProgressLike = { tick: () => undefined, done: () => undefined };

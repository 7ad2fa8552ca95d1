/**
 * Waiting in tests that run on a shared, loaded CI machine, where a test may be slow but never
 * flaky. A wait ends on the thing it waits for (an output line, an exit, a state reached); the
 * deadline only turns a wait that would never end into a failure that says what was awaited. It
 * is no guess at how long anything takes.
 */

/**
 * How long any wait lasts before it fails: the per-test backstop of vitest.config.ts. Starting the
 * service (tsx compiling the sources, the TF.js backend, the model) takes seconds alone and far
 * longer beside other suites on two cores; MULTIRANK_TEST_WAIT_DEADLINE_MS overrides it.
 */
export const WAIT_DEADLINE_MS = Number(process.env.MULTIRANK_TEST_WAIT_DEADLINE_MS ?? 120_000);

/**
 * Polls `check` every `everyMs` until it holds, for a state that raises no event (a key expired, a
 * spool drained, a cluster converged, a replica refreshed). Fails naming `what` after
 * WAIT_DEADLINE_MS.
 */
export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  everyMs = 25,
): Promise<void> {
  const deadline = Date.now() + WAIT_DEADLINE_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`still not ${what} after ${WAIT_DEADLINE_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

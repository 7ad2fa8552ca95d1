/**
 * Child processes in tests: the real `multirank` binary (spawnCli), its output read as it comes,
 * and the one rule every spawned process follows: it never outlives what started it. A process a
 * test starts is killed when that test ends, however it ends (a failed expectation, a wait that
 * threw, the backstop timeout); any process still running when the test worker is stopped is
 * killed then.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';
import { WAIT_DEADLINE_MS } from './wait.js';

/** Absolute path of bin/multirank.mjs. */
export const BIN = fileURLToPath(new URL('../../bin/multirank.mjs', import.meta.url));

/** A spawned process with everything it printed so far. */
export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  /** The exit code (null when a signal ended it; negative when it could not be started). */
  exited: Promise<number | null>;
  /** Whether the process has exited and its output streams have closed (all output is in). */
  finished(): boolean;
}

/** Kills `child` (SIGKILL, which a stopped process obeys too) if it runs; resolves once it exited. */
export async function killChild(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/**
 * The processes this test worker started and that still run, kept on globalThis so the handlers
 * below are installed once per worker, however often this module is evaluated.
 */
function liveChildren(): Set<ChildProcess> {
  const key = Symbol.for('multirank.test.liveChildren');
  const holder = globalThis as { [key]?: Set<ChildProcess> };
  const existing = holder[key];
  if (existing) return existing;
  const live = new Set<ChildProcess>();
  holder[key] = live;
  const killAll = (): void => {
    for (const child of live) child.kill('SIGKILL');
  };
  process.once('exit', killAll);
  // vitest ends its fork workers with SIGTERM, which skips 'exit': kill the children, then let
  // the signal end the worker as it would have.
  process.once('SIGTERM', () => {
    killAll();
    if (process.listenerCount('SIGTERM') === 0) process.kill(process.pid, 'SIGTERM');
  });
  return live;
}

/**
 * Kills `child` when this test worker is stopped, if it still runs then: the last resort for a
 * process started outside a test (a suite's redis-server) whose owner never stopped it.
 */
export function killAtWorkerExit(child: ChildProcess): void {
  const live = liveChildren();
  if (child.pid === undefined) return; // never started
  live.add(child);
  child.once('exit', () => live.delete(child));
}

/**
 * Kills `child` when the running test finishes, passed or failed, after its afterEach hooks (so
 * a graceful stop there comes first). Called outside a test (beforeAll), it only kills the child
 * at worker exit: the caller stops it in afterAll.
 */
export function killAfterTest(child: ChildProcess): void {
  killAtWorkerExit(child);
  try {
    onTestFinished(() => killChild(child));
  } catch {
    // Not inside a test: vitest refuses the hook. The caller owns the process.
  }
}

/** Collects what `child` prints (stdout and stderr, as piped) and reports when it ends. */
export function watchProcess(child: ChildProcess): RunningProcess {
  let text = '';
  let finished = false;
  const append = (chunk: Buffer | string): void => {
    text += chunk.toString();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  child.on('error', (error) => append(`${error.message}\n`)); // e.g. ENOENT: no 'exit', only 'close'
  child.once('close', () => {
    finished = true;
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('close', (code) => resolve(code));
  });
  return { child, output: () => text, exited, finished: () => finished };
}

/**
 * Spawns `node bin/multirank.mjs ...args` with extra environment variables; it is killed when the
 * test that spawned it finishes (see killAfterTest).
 */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}): RunningProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, REDIS_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  killAfterTest(child);
  return watchProcess(child);
}

/**
 * Waits until the output matches `pattern` (returns the match), failing as soon as the process
 * exits without printing it, or after `timeoutMs`. Event driven: no polling.
 */
export function waitForOutput(
  running: RunningProcess,
  pattern: RegExp,
  timeoutMs = WAIT_DEADLINE_MS,
): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const { child } = running;
    const cleanUp = (): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onOutput);
      child.stderr?.off('data', onOutput);
      child.off('close', onClose);
    };
    // watchProcess's listeners were added first, so output() already holds the chunk.
    const onOutput = (): void => {
      const match = running.output().match(pattern);
      if (!match) return;
      cleanUp();
      resolve(match);
    };
    const onClose = (): void => {
      onOutput();
      cleanUp();
      reject(
        new Error(
          `process exited (code ${child.exitCode}) before its output matched ${pattern}:\n${running.output()}`,
        ),
      );
    };
    const timer = setTimeout(() => {
      cleanUp();
      reject(new Error(`output never matched ${pattern} within ${timeoutMs} ms:\n${running.output()}`));
    }, timeoutMs);
    child.stdout?.on('data', onOutput);
    child.stderr?.on('data', onOutput);
    child.once('close', onClose);
    onOutput();
    if (running.finished()) onClose();
  });
}

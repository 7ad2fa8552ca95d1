/** Runs the real `multirank` binary as a child process and reads its JSON log lines. */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Absolute path of bin/multirank.mjs. */
export const BIN = fileURLToPath(new URL('../../bin/multirank.mjs', import.meta.url));

/**
 * How long waitForOutput waits by default. A deadline, not an expected duration: the wait ends as
 * soon as the output matches or the process exits. Starting the service (tsx compiling the
 * sources, the TF.js backend, the model) takes seconds alone but far longer on a loaded CI
 * machine running suites in parallel; MULTIRANK_TEST_START_DEADLINE_MS overrides it.
 */
export const START_DEADLINE_MS = Number(process.env.MULTIRANK_TEST_START_DEADLINE_MS ?? 120_000);

/** A spawned multirank process with everything it printed so far. */
export interface RunningCli {
  child: ChildProcess;
  output(): string;
  /** The exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  /** Whether the process has exited and its output streams have closed (all output is in). */
  finished(): boolean;
}

/** Spawns `node bin/multirank.mjs ...args` with extra environment variables. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, REDIS_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  let finished = false;
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  child.once('close', () => {
    finished = true;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => text, exited, finished: () => finished };
}

/**
 * Waits until the output matches `pattern` (returns the match), failing as soon as the process
 * exits without printing it, or after `timeoutMs`. Event driven: no polling.
 */
export function waitForOutput(
  cli: RunningCli,
  pattern: RegExp,
  timeoutMs = START_DEADLINE_MS,
): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const { child } = cli;
    const cleanUp = (): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onOutput);
      child.stderr?.off('data', onOutput);
      child.off('close', onClose);
    };
    // spawnCli's listeners were added first, so output() already holds the chunk.
    const onOutput = (): void => {
      const match = cli.output().match(pattern);
      if (!match) return;
      cleanUp();
      resolve(match);
    };
    const onClose = (): void => {
      onOutput();
      cleanUp();
      reject(
        new Error(
          `process exited (code ${child.exitCode}) before its output matched ${pattern}:\n${cli.output()}`,
        ),
      );
    };
    const timer = setTimeout(() => {
      cleanUp();
      reject(new Error(`output never matched ${pattern} within ${timeoutMs} ms:\n${cli.output()}`));
    }, timeoutMs);
    child.stdout?.on('data', onOutput);
    child.stderr?.on('data', onOutput);
    child.once('close', onClose);
    onOutput();
    if (cli.finished()) onClose();
  });
}

/** Kills the process if it still runs (SIGKILL) and waits for it to exit; for finally/afterEach. */
export async function stopCli(cli: RunningCli): Promise<void> {
  if (cli.child.exitCode !== null || cli.child.signalCode !== null) return;
  cli.child.kill('SIGKILL');
  await cli.exited;
}

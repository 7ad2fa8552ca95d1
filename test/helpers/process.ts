/** Runs the real `multirank` binary as a child process and reads its JSON log lines. */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Absolute path of bin/multirank.mjs. */
export const BIN = fileURLToPath(new URL('../../bin/multirank.mjs', import.meta.url));

/** A spawned multirank process with everything it printed so far. */
export interface RunningCli {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** Spawns `node bin/multirank.mjs ...args` with extra environment variables. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, REDIS_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

/** Waits until the output matches `pattern` (returns the match) or the process exits. */
export async function waitForOutput(
  cli: RunningCli,
  pattern: RegExp,
  timeoutMs = 20_000,
): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = cli.output().match(pattern);
    if (match) return match;
    if (cli.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`output never matched ${pattern}:\n${cli.output()}`);
}

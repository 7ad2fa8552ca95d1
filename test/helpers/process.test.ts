/**
 * The rule of test/helpers/process.ts, checked on real processes: a process a test starts dies
 * with that test even when the test fails, and whatever a test worker started dies when vitest
 * stops the worker (SIGTERM).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { killAfterTest, waitForOutput, watchProcess } from './process.js';
import { until } from './wait.js';

/** A node process that runs until killed. */
function idle(): ChildProcess {
  return spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
}

/** Whether `pid` is a live process (an exited one its parent has not reaped yet counts as gone). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('a process a test starts', () => {
  let pid: number | undefined;

  it.fails('belongs to a test that fails midway (this one fails on purpose)', () => {
    const child = idle();
    killAfterTest(child);
    pid = child.pid;
    expect(pid !== undefined && isRunning(pid)).toBe(true);
    expect('the server answered').toBe('a failed expectation'); // nothing after this line runs
  });

  it('is dead once that test has finished', () => {
    expect(pid).toBeDefined();
    expect(isRunning(pid!)).toBe(false);
    expect(() => process.kill(pid!, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
  });
});

describe('a test worker stopped by vitest', () => {
  const dir = mkdtempSync(join(tmpdir(), 'multirank-process-helper-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('kills the processes it started before it dies of the SIGTERM', async () => {
    // A stand-in for a worker: a suite's redis-server, started outside any test, still running.
    const helpers = fileURLToPath(new URL('./process.ts', import.meta.url));
    const script = join(dir, 'worker.mts');
    writeFileSync(
      script,
      `import { spawn } from 'node:child_process';
import { killAtWorkerExit } from ${JSON.stringify(helpers)};
const server = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
killAtWorkerExit(server);
console.log('started', server.pid);
setInterval(() => {}, 1000);
`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    killAfterTest(child);
    const worker = watchProcess(child);
    const [, started] = await waitForOutput(worker, /started (\d+)/);
    const serverPid = Number(started);
    expect(isRunning(serverPid)).toBe(true);

    child.kill('SIGTERM');
    await worker.exited;
    expect(child.signalCode).toBe('SIGTERM'); // the worker still ends as the signal ends it
    // SIGKILL was sent before the worker died; the kernel ends the process when it next runs.
    await until(() => !isRunning(serverPid), "the worker's server killed");
  });
});

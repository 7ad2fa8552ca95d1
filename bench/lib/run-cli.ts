/**
 * Runs the multirank CLI as a user does (bin/multirank.mjs in a child process) and measures it:
 * wall seconds and peak RSS, which a preloaded snippet reports on stderr as the process exits.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../bin/multirank.mjs', import.meta.url));

// Loaded into the CLI process: reports its peak RSS (kB) on stderr as it exits.
const REPORT_MAX_RSS = `data:text/javascript,${encodeURIComponent(
  'process.on("exit", () => process.stderr.write("BENCH_MAXRSS_KB=" + process.resourceUsage().maxRSS + "\\n"));',
)}`;

/** What one CLI run took and printed. */
export interface CliRun {
  seconds: number;
  peakRssMb: number;
  stdout: string;
  stderr: string;
}

/** Runs `multirank ...args`; rejects with its stderr when it exits non-zero. */
export function runCli(args: string[]): Promise<CliRun> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', REPORT_MAX_RSS, CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`multirank ${args[0]} exited with ${code}:\n${stderr}`));
      // Worker threads may report too: the process-wide figure is the largest.
      const kbs = [...stderr.matchAll(/BENCH_MAXRSS_KB=(\d+)/g)].map((m) => Number(m[1]));
      resolve({
        seconds,
        peakRssMb: (kbs.length > 0 ? Math.max(...kbs) : Number.NaN) / 1024,
        stdout,
        stderr,
      });
    });
  });
}

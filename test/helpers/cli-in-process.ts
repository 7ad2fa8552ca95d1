/** Runs multirank CLI commands inside the test process, capturing stdout and commander errors. */
import { type Command, CommanderError } from 'commander';
import { vi } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';

/** `multirank ...args` in process; commander errors are returned instead of exiting. */
export async function runCliInProcess(
  args: string[],
): Promise<{ error?: CommanderError; stderr: string; stdout: string }> {
  const program = buildProgram();
  let stderr = '';
  let stdout = '';
  const configure = (cmd: Command) =>
    cmd.exitOverride().configureOutput({ writeErr: (s) => (stderr += s), writeOut: () => {} });
  configure(program);
  for (const cmd of program.commands) configure(cmd);
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['node', 'multirank', ...args]);
    return { stderr, stdout };
  } catch (err) {
    if (err instanceof CommanderError) return { error: err, stderr, stdout };
    throw err;
  } finally {
    spy.mockRestore();
  }
}

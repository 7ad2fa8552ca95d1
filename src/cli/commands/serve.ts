/** `multirank serve`: runs the HTTP service (same as `npm start`), configured by environment. */
import type { Command } from 'commander';
import { runServer } from '../../server.js';

/** Registers the serve verb. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the ranking service (configured by environment variables; see README)')
    .option('-p, --port <port>', 'port to listen on (overrides PORT)')
    .option('--host <host>', 'interface to listen on (overrides HOST)')
    .action(async (options: { port?: string; host?: string }) => {
      const env = { ...process.env };
      if (options.port !== undefined) env.PORT = options.port;
      if (options.host !== undefined) env.HOST = options.host;
      await runServer(env);
    });
}

// `assistant serve`: loads the configuration (every problem reported at once, exit 2), then
// watches the mailbox or inbox folder, processes mail, runs actions and serves the API until
// SIGTERM/SIGINT.
import type { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { createApplication } from '../../main.js';
import { installLifecycle } from './process-lifecycle.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'Watch the mailbox (or the inbox folder), process authorizations, and serve the API and dashboard',
    )
    .action(async () => {
      const config = loadConfig();
      const app = createApplication(config);
      installLifecycle(app);
      try {
        await app.start({ http: true });
      } catch (err) {
        // E.g. the port is taken: release the watchers and the database, then report it.
        await app.stop().catch(() => undefined);
        throw err;
      }
    });
}

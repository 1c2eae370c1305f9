// `assistant serve`: loads the configuration (every problem reported at once, exit 2), then
// watches the mailbox or inbox folder, processes mail, runs actions and serves the API until
// SIGTERM/SIGINT.
// Declared in index.ts; this module is loaded only when `serve` runs.
import { loadConfig } from '../../config/index.js';
import { createApplication } from '../../main.js';
import { installLifecycle } from './process-lifecycle.js';

export async function serveAction(): Promise<void> {
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
}

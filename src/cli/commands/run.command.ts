// `assistant run --once`: sync, process everything pending, wait for the actions to finish or
// fail, print one summary line, exit 0 when nothing failed and 1 otherwise. Running it again
// does nothing new.
// Declared in index.ts; this module is loaded only when `run` runs.
import { loadConfig } from '../../config/index.js';
import { createApplication } from '../../main.js';
import { installLifecycle } from './process-lifecycle.js';

export async function runOnceAction(): Promise<void> {
  const config = loadConfig();
  const app = createApplication(config);
  // A signal mid-run stops cleanly; the next run resumes where this one stopped.
  installLifecycle(app);
  const summary = await app.runOnce().catch(async (err: unknown) => {
    await app.stop().catch(() => undefined);
    throw err;
  });
  process.stdout.write(`${summary.line}\n`);
  process.exit(summary.exitCode);
}

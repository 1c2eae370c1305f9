// A test-only entry point: the real application (config, SQLite, folder source, pipeline,
// dispatcher, lifecycle) with doubles for extraction, planning and the external calls, which
// go to the ledger vendor at LEDGER_URL. Usage: node --import tsx assistant-entry.ts run|serve
import { installLifecycle } from '../../src/cli/commands/process-lifecycle.js';
import { loadConfig } from '../../src/config/index.js';
import { createApplication } from '../../src/main.js';
import { createTestExtractor, createTestHandlers, createTestPlanner } from './pipeline-doubles.js';

const mode = process.argv[2];
const ledgerUrl = process.env.LEDGER_URL ?? '';
const delayMs = Number(process.env.TEST_ACTION_DELAY_MS ?? '0');

const config = loadConfig();
const app = createApplication(config, {
  extractor: createTestExtractor(),
  planner: createTestPlanner(),
  handlers: createTestHandlers(async (key, type) => {
    if (delayMs) await new Promise((r) => setTimeout(r, Math.random() * delayMs));
    const res = await fetch(`${ledgerUrl}/effect`, {
      method: 'POST',
      body: JSON.stringify({ key, type }),
      signal: AbortSignal.timeout(10_000),
    });
    return (await res.json()) as Record<string, unknown>;
  }),
  retryPolicy: { baseDelayMs: 10, maxDelayMs: 50 },
  folderSettleTimeMs: 50,
});
installLifecycle(app);
if (mode === 'run') {
  const summary = await app.runOnce();
  process.stdout.write(`${summary.line}\n`);
  process.exit(summary.exitCode);
} else {
  await app.start();
}

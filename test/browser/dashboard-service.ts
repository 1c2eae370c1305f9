// Starts the REAL service in-process for the browser test: createApplication over temp dirs
// (folder inbox, SQLite file, the real extractor, planner and handlers with every integration
// unconfigured = preview), HTTP on a free loopback port with an API token.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config/index.js';
import { createApplication } from '../../src/main.js';
import { captureLogger } from '../support/test-app.js';

/** Where the service listens, its token, and the inbox folder to drop .eml files into. */
export interface DashboardTarget {
  baseUrl: string;
  token: string;
  inboxDir: string;
  /** The service's log lines (JSON), for diagnosing a failure. */
  logs: string[];
  /** Stops the service and removes its temp dirs. */
  close(): Promise<void>;
}

export async function startDashboardTarget(): Promise<DashboardTarget> {
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-test-'));
  const inboxDir = join(dir, 'inbox');
  mkdirSync(inboxDir, { recursive: true });
  const token = randomBytes(18).toString('hex');
  // A default rate, so only what the email lacks sends an authorization to review.
  const ratesPath = join(dir, 'client_billing_rates.json');
  writeFileSync(
    ratesPath,
    JSON.stringify({ default: { hourly_rate: 48, mileage_rate: 0.6, fixed_service_fee: 0 } }),
  );
  const config = loadConfig({
    cwd: dir,
    readEnvFile: false,
    env: {
      SQLITE_DB_PATH: join(dir, 'data', 'assistant.db'),
      INBOX_DIR: inboxDir,
      EMAIL_POLL_INTERVAL: '1',
      API_HOST: '127.0.0.1',
      API_PORT: '0',
      API_TOKEN: token,
      TIMEZONE: 'America/Chicago',
      CLIENT_BILLING_RATES_PATH: ratesPath,
    },
  });
  const logs: string[] = [];
  const app = createApplication(config, {
    logger: captureLogger(config, logs),
    folderSettleTimeMs: 100,
  });
  let url: string | null;
  try {
    ({ url } = await app.start({ http: true }));
  } catch (err) {
    await app.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  if (!url) throw new Error('the service did not start its HTTP server');
  return {
    baseUrl: url,
    token,
    inboxDir,
    logs,
    async close() {
      try {
        await app.stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

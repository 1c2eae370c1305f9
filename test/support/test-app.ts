// An Application over a temp folder with the pipeline doubles, for in-process tests: real
// SQLite file, real folder source, doubles for extraction, planning and the external calls.
import { Writable } from 'node:stream';
import { loadConfig, secretValues, type Config } from '../../src/config/index.js';
import { createLogger, type AppLogger } from '../../src/adapters/logging/pino.logger.js';
import { createRedactor } from '../../src/adapters/logging/redact.js';
import type { ActionPlanner, PlanInput } from '../../src/core/actions.js';
import type { Extractor } from '../../src/core/extractor.js';
import { createApplication, type Application, type ApplicationOptions } from '../../src/main.js';
import {
  createTestExtractor,
  createTestHandlers,
  createTestPlanner,
  memoryLedger,
} from './pipeline-doubles.js';

export function testConfig(dir: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    cwd: dir,
    readEnvFile: false,
    env: {
      SQLITE_DB_PATH: 'data/assistant.db',
      INBOX_DIR: 'inbox',
      EMAIL_POLL_INTERVAL: '1',
      ...env,
    },
  });
}

/** A logger writing JSON lines into `lines` (and nowhere else). */
export function captureLogger(config: Config, lines: string[] = []): AppLogger {
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      cb();
    },
  });
  return createLogger({
    level: config.LOG_LEVEL,
    redactor: createRedactor(secretValues(config)),
    destination: destination as unknown as Parameters<typeof createLogger>[0]['destination'] &
      object,
  });
}

export interface TestApp {
  app: Application;
  ledger: ReturnType<typeof memoryLedger>;
  plans: PlanInput[];
  logs: string[];
}

export function createTestApp(
  config: Config,
  opts: Partial<ApplicationOptions> & { extractor?: Extractor; planner?: ActionPlanner } = {},
): TestApp {
  const ledger = memoryLedger();
  const plans: PlanInput[] = [];
  const logs: string[] = [];
  const app = createApplication(config, {
    logger: captureLogger(config, logs),
    extractor: createTestExtractor(),
    planner: createTestPlanner(plans),
    handlers: createTestHandlers(ledger.effect),
    retryPolicy: { baseDelayMs: 10, maxDelayMs: 50 },
    folderSettleTimeMs: 50,
    ...opts,
  });
  return { app, ledger, plans, logs };
}

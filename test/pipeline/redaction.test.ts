// Secrets never reach stdout logs or the database: an IMAP password, an API token and a webhook
// secret are configured, logged on purpose by a careless handler, and echoed in its request;
// afterwards neither the captured log lines nor the bytes of the SQLite files contain them.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, it } from 'node:test';
import { createFolderSource } from '../../src/adapters/folder/folder.source.js';
import type { ActionHandler, ActionType } from '../../src/core/actions.js';
import { AppError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/logger.js';
import { eml } from '../support/eml.js';
import { createTestHandlers, memoryLedger } from '../support/pipeline-doubles.js';
import { createTestApp, testConfig } from '../support/test-app.js';
import { tempDir } from '../support/temp-dir.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.cleanup());

const PASSWORD = 'imap-Pa55word-zq81';
const TOKEN = 'in-api-token-7f3k2m9x';
const HOOK_SECRET = 'whsec-s3cr3t-value-42';

void it('keeps configured secrets out of logs and the database', async () => {
  const inbox = join(dir.path, 'inbox');
  mkdirSync(inbox);
  writeFileSync(join(inbox, 'a.eml'), eml({ auth: 'S-1' }));
  writeFileSync(join(inbox, 'b.eml'), eml({ auth: 'S-2', action: 'fail' }));
  const config = testConfig(dir.path, {
    LOG_LEVEL: 'DEBUG',
    IMAP_HOST: 'imap.example.test',
    IMAP_USER: 'vendor',
    IMAP_PASSWORD: PASSWORD,
    INVOICENINJA_URL: 'http://127.0.0.1:9',
    INVOICENINJA_API_TOKEN: TOKEN,
    NOTIFICATION_WEBHOOK_SECRET: HOOK_SECRET,
  });
  const base = createTestHandlers(memoryLedger().effect);
  const handlers = new Map<ActionType, ActionHandler>();
  let log: typeof silentLogger = silentLogger;
  for (const [type, h] of base) {
    handlers.set(type, {
      type,
      async run(ctx) {
        // A careless handler: logs the secrets as fields and in text, and echoes them back.
        log.info(
          { event: 'test.careless', password: PASSWORD, headers: { 'X-API-Token': TOKEN } },
          `using ${TOKEN}`,
        );
        log.warn({ event: 'test.careless', note: `secret is ${HOOK_SECRET}` }, `login ${PASSWORD}`);
        let out;
        try {
          out = await h.run(ctx);
        } catch {
          throw new AppError('INVOICENINJA_ERR_VALIDATION', `rejected for ${TOKEN}`, {
            retryable: false,
            vendorMessage: `bad password ${PASSWORD}`,
          });
        }
        if (out.status !== 'done') return out;
        return {
          ...out,
          request: { url: `http://x/?token=${TOKEN}`, auth: PASSWORD },
          result: { echoed: HOOK_SECRET },
        };
      },
    });
  }
  const source = createFolderSource({
    inboxDir: inbox,
    pollIntervalMs: 1000,
    logger: silentLogger,
    settleTimeMs: 50,
  });
  const { app, logs } = createTestApp(config, { handlers, source });
  log = app.logger;
  app.logger.error({ event: 'test.config', config }, 'dumping the whole config by mistake');
  const summary = await app.runOnce();
  assert.equal(summary.authorizations, 1);
  assert.equal(summary.actions.failed, 1);
  assert.ok(logs.length > 10, 'something was logged');
  const stdout = logs.join('\n');
  assert.match(stdout, /\[REDACTED\]/);
  for (const secret of [PASSWORD, TOKEN, HOOK_SECRET]) {
    assert.equal(stdout.includes(secret), false, `stdout contains ${secret.slice(0, 4)}…`);
    for (const suffix of ['', '-wal', '-shm']) {
      const file = join(dir.path, 'data/assistant.db' + suffix);
      if (!existsSync(file)) continue;
      assert.equal(
        readFileSync(file).includes(secret),
        false,
        `${file} contains ${secret.slice(0, 4)}…`,
      );
    }
  }
});

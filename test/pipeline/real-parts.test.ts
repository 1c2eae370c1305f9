// End to end with every real part (extraction engine, action planner, handlers in preview mode,
// folder source, SQLite) over a generated mixed mailbox: every email is accounted for, the
// authorizations' actions record what they would have sent, and a second run does nothing new.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, it } from 'node:test';
import Database from 'better-sqlite3';
import { buildCorpus } from '../../bench/lib/corpus.js';
import { createApplication } from '../../src/main.js';
import { captureLogger, testConfig } from '../support/test-app.js';
import { tempDir } from '../support/temp-dir.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.cleanup());

const RATES = fileURLToPath(
  new URL('../../config/client_billing_rates.example.json', import.meta.url),
);

void it(
  'runs a mixed mailbox through the real parts and accounts for every email',
  { timeout: 300_000 },
  async () => {
    const inbox = join(dir.path, 'inbox');
    mkdirSync(inbox);
    mkdirSync(join(dir.path, 'config'));
    copyFileSync(RATES, join(dir.path, 'config/client_billing_rates.json'));
    const corpus = await buildCorpus({ count: 60, seed: 7, pdfShare: 0, targetBytes: 3000 });
    const base = Date.now() / 1000 - 3600;
    corpus.forEach((email, i) => {
      const path = join(inbox, `${String(i).padStart(3, '0')}.eml`);
      writeFileSync(path, email.raw);
      utimesSync(path, base + i, base + i);
    });
    const config = testConfig(dir.path);
    const run = () =>
      createApplication(config, {
        logger: captureLogger(config),
        folderSettleTimeMs: 50,
        retryPolicy: { baseDelayMs: 10, maxDelayMs: 50 },
      }).runOnce();
    const summary = await run();
    assert.equal(summary.emails, corpus.length);
    assert.equal(summary.failed, 0, summary.line);
    assert.equal(summary.actions.failed, 0, summary.line);
    assert.ok(summary.authorizations + summary.needsReview > 0, summary.line);
    assert.ok(summary.ignored > 0, summary.line);
    // Nothing configured: every action was skipped with the request it would have sent.
    assert.equal(summary.actions.done, 0);
    const db = new Database(join(dir.path, 'data/assistant.db'), { readonly: true });
    const unrecorded = db
      .prepare(
        `SELECT COUNT(*) AS n FROM actions WHERE status = 'skipped' AND request_json IS NULL`,
      )
      .get() as { n: number };
    const unsettled = db
      .prepare(`SELECT COUNT(*) AS n FROM messages WHERE settle_status != 'done'`)
      .get() as { n: number };
    db.close();
    assert.equal(unrecorded.n, 0);
    assert.equal(unsettled.n, 0);
    assert.deepEqual(
      readdirSync(inbox).filter((n) => n.endsWith('.eml')),
      [],
    );

    const second = await run();
    assert.equal(second.emails, 0);
    assert.equal(second.exitCode, 0);
  },
);

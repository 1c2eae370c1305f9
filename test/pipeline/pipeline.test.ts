// The pipeline end to end in one process, over a real SQLite file and a real inbox folder,
// with doubles of extraction, planning and the external calls.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { openDatabase, closeDatabase } from '../../src/adapters/sqlite/database.js';
import { createFolderSource } from '../../src/adapters/folder/folder.source.js';
import { silentLogger } from '../../src/core/logger.js';
import type { MailSource } from '../../src/core/mail.js';
import { eml } from '../support/eml.js';
import { createTestApp, testConfig } from '../support/test-app.js';
import { tempDir } from '../support/temp-dir.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.cleanup());

const inbox = (...p: string[]) => join(dir.path, 'inbox', ...p);
function drop(name: string, raw: Buffer): void {
  writeFileSync(inbox(name), raw);
}
function rows<T>(sql: string): T[] {
  const db = openDatabase(join(dir.path, 'data/assistant.db'));
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    closeDatabase(db);
  }
}
const prepareInbox = async () => {
  const { mkdirSync } = await import('node:fs');
  mkdirSync(inbox(), { recursive: true });
};

void describe('pipeline', () => {
  void it('handles authorizations, amendments, ordinary mail and review, then does nothing new', async () => {
    await prepareInbox();
    // Same-millisecond files are taken in name order.
    drop('1-a1.eml', eml({ auth: 'A-1' }));
    drop('2-a1-amend.eml', eml({ auth: 'A-1', kind: 'amendment' }));
    drop('3-news.eml', eml({}));
    drop('4-review.eml', eml({ auth: 'R-9', review: 'rate missing' }));
    const config = testConfig(dir.path);
    const { app, ledger, plans } = createTestApp(config);
    const summary = await app.runOnce();
    assert.equal(
      summary.line,
      'processed 4 emails: 2 authorizations, 1 need review, 1 ignored, 0 failed; actions: 6 done, 0 skipped, 0 failed',
    );
    assert.equal(summary.exitCode, 0);
    // The amendment was planned after the original and saw it in its history.
    const amendment = plans.find((p) => p.authorization.kind === 'amendment');
    assert.equal(amendment?.history.length, 1);
    assert.equal(amendment?.history[0]?.kind, 'new');
    // Every external effect happened once.
    assert.ok([...ledger.calls.values()].every((n) => n === 1));
    assert.equal(ledger.calls.get('client:@agency.test#A-1'), 1);
    assert.deepEqual(
      readdirSync(inbox()).filter((n) => n.endsWith('.eml')),
      [],
    );
    assert.deepEqual(readdirSync(inbox('processed')).sort(), [
      '1-a1.eml',
      '2-a1-amend.eml',
      '3-news.eml',
    ]);
    assert.deepEqual(readdirSync(inbox('failed')), ['4-review.eml']);
    const msgs = rows<{ outcome: string; settle_status: string }>(
      `SELECT outcome, settle_status FROM messages ORDER BY id`,
    );
    assert.ok(msgs.every((m) => m.settle_status === 'done'));
    const auths = rows<{ status: string }>(`SELECT status FROM authorizations ORDER BY id`);
    assert.deepEqual(auths.map((a) => a.status).sort(), ['done', 'done', 'needs_review']);

    const again = createTestApp(config);
    const second = await again.app.runOnce();
    assert.equal(second.emails, 0);
    assert.equal(second.exitCode, 0);
    assert.equal(again.ledger.calls.size, 0);
  });

  void it('retries transient failures, fails for good on permanent ones, and says so', async () => {
    await prepareInbox();
    drop('flaky.eml', eml({ auth: 'F-1', action: 'retry-2' }));
    drop('broken.eml', eml({ auth: 'B-1', action: 'fail' }));
    drop('geo.eml', eml({ auth: 'G-1', plan: 'retry-once' }));
    drop('rates.eml', eml({ auth: 'P-1', plan: 'fail' }));
    drop('boom.eml', eml({ auth: 'X-1', extract: 'throw' }));
    const { app } = createTestApp(testConfig(dir.path));
    const summary = await app.runOnce();
    assert.equal(summary.exitCode, 1);
    assert.equal(summary.authorizations, 2);
    assert.equal(summary.failed, 3);
    assert.equal(summary.actions.failed, 1);
    const actions = rows<{
      idempotency_key: string;
      status: string;
      attempts: number;
      last_error: string | null;
    }>(`SELECT idempotency_key, status, attempts, last_error FROM actions ORDER BY id`);
    const flaky = actions.find((a) => a.idempotency_key.startsWith('invoice:@agency.test#F-1'));
    assert.equal(flaky?.status, 'done');
    assert.equal(flaky?.attempts, 3);
    const broken = actions.find((a) => a.idempotency_key.startsWith('invoice:@agency.test#B-1'));
    assert.equal(broken?.status, 'failed');
    assert.match(broken?.last_error ?? '', /invoice rejected: bad date/);
    const msgs = rows<{ source_ref: string; outcome: string; error: string | null }>(
      `SELECT source_ref, outcome, error FROM messages ORDER BY id`,
    );
    const by = (n: string) => msgs.find((m) => m.source_ref === n);
    assert.equal(by('geo.eml')?.outcome, 'authorization');
    assert.equal(by('rates.eml')?.outcome, 'failed');
    assert.match(by('rates.eml')?.error ?? '', /rates file is broken/);
    assert.match(by('boom.eml')?.error ?? '', /extractor exploded/);
    assert.equal(by('broken.eml')?.outcome, 'failed');
    assert.deepEqual(readdirSync(inbox('failed')).sort(), ['boom.eml', 'broken.eml', 'rates.eml']);
  });

  void it('records the same file twice once, and a reused Message-ID as a duplicate', async () => {
    await prepareInbox();
    const raw = eml({ auth: 'D-1' });
    drop('one.eml', raw);
    drop('copy.eml', raw);
    drop('dup.eml', eml({ auth: 'D-2', messageId: '<same@agency.test>' }));
    drop('dup2.eml', eml({ auth: 'D-2', messageId: '<same@agency.test>', body: 'other bytes' }));
    const { app, ledger } = createTestApp(testConfig(dir.path));
    await app.runOnce();
    const msgs = rows<{ outcome: string; duplicate_of: number | null }>(
      `SELECT outcome, duplicate_of FROM messages ORDER BY id`,
    );
    assert.equal(msgs.length, 3);
    assert.deepEqual(msgs.map((m) => m.outcome).sort(), [
      'authorization',
      'authorization',
      'duplicate',
    ]);
    assert.ok(msgs.find((m) => m.outcome === 'duplicate')?.duplicate_of);
    assert.equal(ledger.calls.get('client:@agency.test#D-1'), 1);
    assert.deepEqual(
      readdirSync(inbox()).filter((n) => n.endsWith('.eml')),
      [],
    );
    assert.equal(existsSync(inbox('processed', 'dup2.eml')), true);
  });

  void it('completes an authorization whose last action finished just before a crash', async () => {
    await prepareInbox();
    drop('c.eml', eml({ auth: 'C-1' }));
    const config = testConfig(dir.path);
    await createTestApp(config).app.runOnce();
    // The state a kill between "last action recorded" and "authorization completed" leaves.
    const db = openDatabase(join(dir.path, 'data/assistant.db'));
    db.prepare(
      `UPDATE messages SET state = 'planned', outcome = NULL, finished_at = NULL, settle_status = NULL`,
    ).run();
    db.prepare(`UPDATE authorizations SET status = 'in_progress'`).run();
    closeDatabase(db);
    const { app, ledger } = createTestApp(config);
    const summary = await app.runOnce();
    assert.equal(summary.authorizations, 1);
    assert.equal(ledger.calls.size, 0, 'no action ran again');
    const [msg] = rows<{ state: string; outcome: string }>(`SELECT state, outcome FROM messages`);
    assert.deepEqual(msg, { state: 'finished', outcome: 'authorization' });
    assert.deepEqual(rows<{ status: string }>(`SELECT status FROM authorizations`), [
      { status: 'done' },
    ]);
  });

  void it('run --once fails (exit 1) when the mailbox cannot be reached, still finishing stored work', async () => {
    const down: MailSource = {
      kind: 'imap',
      start: async () => undefined,
      syncNow: () => Promise.reject(new Error('not connected')),
      settle: async () => undefined,
      stop: async () => undefined,
      status: () => ({
        kind: 'imap',
        target: 'imap://vendor@mail.example.test:993/INBOX',
        connected: false,
        watching: false,
        lastSuccessfulSyncAt: null,
        lastError: 'connection refused',
        reconnectAt: null,
      }),
    };
    const { app } = createTestApp(testConfig(dir.path), { source: down });
    const summary = await app.runOnce();
    assert.equal(summary.exitCode, 1);
    assert.match(summary.line, /mailbox sync failed: connection refused$/);
  });

  void it('keeps a message whose settling failed and settles it on the next start', async () => {
    await prepareInbox();
    drop('s.eml', eml({ auth: 'S-1' }));
    const config = testConfig(dir.path);
    const real = createFolderSource({
      inboxDir: inbox(),
      pollIntervalMs: 1000,
      logger: silentLogger,
      settleTimeMs: 50,
    });
    const failing: MailSource = {
      ...real,
      kind: 'folder',
      start: (sink) => real.start(sink),
      syncNow: () => real.syncNow(),
      stop: () => real.stop(),
      status: () => real.status(),
      settle: () => Promise.reject(new Error('disk unplugged')),
    };
    const first = createTestApp(config, { source: failing });
    await first.app.runOnce();
    assert.deepEqual(rows(`SELECT settle_status, outcome FROM messages`), [
      { settle_status: 'failed', outcome: 'authorization' },
    ]);
    assert.ok(first.logs.some((l) => l.includes('message.settle_failed')));
    assert.equal(existsSync(inbox('s.eml')), true, 'the file stays where it was');

    const second = createTestApp(config);
    const summary = await second.app.runOnce();
    assert.equal(summary.emails, 0, 'nothing is processed again');
    assert.deepEqual(rows(`SELECT settle_status FROM messages`), [{ settle_status: 'done' }]);
    assert.deepEqual(readdirSync(inbox('processed')), ['s.eml']);
  });
});

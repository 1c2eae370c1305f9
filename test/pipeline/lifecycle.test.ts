// The process as a user and a supervisor see it: `serve` says where to drop mail and what is
// not configured, SIGTERM mid-run exits 0 and loses and repeats nothing, and a bad
// configuration gives one message listing every problem (exit 2, no stack, no secret).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, it } from 'node:test';
import Database from 'better-sqlite3';
import { CLI, ENTRY, spawnTs } from '../support/child.js';
import { startLedgerVendor, type LedgerVendor } from '../support/ledger-vendor.js';
import { fillInbox } from '../support/mixed-inbox.js';
import { tempDir, waitFor } from '../support/temp-dir.js';

const dirs: ReturnType<typeof tempDir>[] = [];
const vendors: LedgerVendor[] = [];
after(async () => {
  for (const d of dirs) d.cleanup();
  for (const v of vendors) await v.close();
});
const newDir = () => {
  const d = tempDir();
  dirs.push(d);
  return d.path;
};

function count(dbPath: string, sql: string): number {
  if (!existsSync(dbPath)) return 0;
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } catch {
    return 0;
  } finally {
    db.close();
  }
}

void it(
  'serve on a fresh folder says where to drop .eml files and what is only previewed',
  { timeout: 120_000 },
  async () => {
    const cwd = newDir();
    const child = spawnTs(CLI, ['serve'], { cwd, env: { API_PORT: '0' } });
    try {
      await waitFor(
        () => /listening|dashboard and API on/.test(child.stdout()),
        90_000,
        'the server to listen',
      );
      const lines = child.stdout().split('\n').filter(Boolean);
      const first = lines.slice(0, 3).join('\n');
      assert.match(first, /drop \.eml files/);
      assert.ok(first.includes(join(cwd, 'data', 'inbox')), 'names the inbox folder');
      assert.match(first, /not configured.*InvoiceNinja.*Google Calendar.*webhook/);
    } finally {
      child.proc.kill('SIGTERM');
    }
    const exit = await child.exited;
    assert.equal(exit.code, 0, child.stderr());
  },
);

void it(
  'SIGTERM mid-run exits 0; a restart finishes the rest without repeating anything',
  { timeout: 300_000 },
  async () => {
    const cwd = newDir();
    const vendor = await startLedgerVendor();
    vendors.push(vendor);
    const total = 120;
    fillInbox(join(cwd, 'inbox'), total);
    const env = {
      LEDGER_URL: vendor.url,
      TEST_ACTION_DELAY_MS: '40',
      SQLITE_DB_PATH: 'data/assistant.db',
      INBOX_DIR: 'inbox',
      LOG_LEVEL: 'WARNING',
      SHUTDOWN_TIMEOUT: '10',
    };
    const dbPath = join(cwd, 'data/assistant.db');
    const serve = spawnTs(ENTRY, ['serve'], { cwd, env });
    await waitFor(
      () => count(dbPath, `SELECT COUNT(*) AS n FROM actions WHERE status = 'done'`) >= 10,
      120_000,
      'some actions done',
    );
    serve.proc.kill('SIGTERM');
    const exit = await serve.exited;
    assert.equal(exit.code, 0, serve.stderr() + serve.stdout());
    assert.equal(
      count(dbPath, `SELECT COUNT(*) AS n FROM actions WHERE status = 'running'`),
      0,
      'nothing left mid-call',
    );

    const run = spawnTs(ENTRY, ['run'], { cwd, env });
    const done = await run.exited;
    assert.equal(done.code, 0, run.stderr() + run.stdout());
    assert.equal(
      count(dbPath, `SELECT COUNT(*) AS n FROM messages WHERE state = 'finished'`),
      total,
    );
    // In-flight calls were allowed to finish, so not one external call was made twice.
    assert.deepEqual(
      [...vendor.calls.entries()].filter(([, n]) => n > 1),
      [],
    );
    assert.equal(
      vendor.created.size,
      count(dbPath, `SELECT COUNT(*) AS n FROM actions WHERE status = 'done'`),
    );
  },
);

void it(
  'bad configuration: one message with every problem, exit 2, no stack, no secret',
  { timeout: 120_000 },
  async () => {
    const cwd = newDir();
    const secret = 'tok-SECRET-9a8b7c';
    const child = spawnTs(CLI, ['serve'], {
      cwd,
      env: {
        IMAP_HOST: 'imap.example.test',
        IMAP_PORT: 'ninety',
        LOG_LEVEL: 'LOUD',
        INVOICENINJA_URL: 'not a url',
        INVOICENINJA_API_TOKEN: secret,
        PIPELINE_CONCURRENCY: '0',
      },
    });
    const exit = await child.exited;
    assert.equal(exit.code, 2);
    const err = child.stderr();
    for (const name of ['IMAP_PORT', 'LOG_LEVEL', 'INVOICENINJA_URL', 'PIPELINE_CONCURRENCY']) {
      assert.match(err, new RegExp(name), `mentions ${name}`);
    }
    assert.equal(err.includes(secret), false);
    assert.equal(/\n\s+at .+:\d+:\d+/.test(err), false, 'no stack trace');
    assert.equal(child.stdout(), '');
  },
);

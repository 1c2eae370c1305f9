// Malformed input through the real extraction engine: an empty file, binary garbage, a message
// over MAX_MESSAGE_BYTES and broken MIME are each recorded with a reason, and the good email
// beside them is still handled.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, it } from 'node:test';
import Database from 'better-sqlite3';
import { silentLogger } from '../../src/core/logger.js';
import { createExtractor } from '../../src/services/extractor.factory.js';
import { eml } from '../support/eml.js';
import { createTestApp, testConfig } from '../support/test-app.js';
import { tempDir } from '../support/temp-dir.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.cleanup());

const GOOD = [
  'From: Intake Team <intake@county-services.test>',
  'To: vendor@example.test',
  'Subject: Service Authorization 77812',
  'Message-ID: <good-1@county-services.test>',
  'Date: Mon, 5 Jan 2026 10:00:00 -0600',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'This email authorizes the following service.',
  '',
  'Authorization Number: 77812',
  'Consumer Name: Jordan Example',
  'Service: Job Coaching',
  'Date of Service: 01/20/2026',
  'Time: 9:00 AM - 11:00 AM',
  'Location: 100 Main St, Springfield',
  '',
].join('\r\n');

void it(
  'records broken emails as failed or ignored with a reason while the rest flows',
  { timeout: 120_000 },
  async () => {
    const inbox = join(dir.path, 'inbox');
    mkdirSync(inbox);
    writeFileSync(join(inbox, '1-empty.eml'), Buffer.alloc(0));
    writeFileSync(join(inbox, '2-garbage.eml'), randomBytes(64 * 1024));
    const huge = Buffer.concat([eml({ subject: 'huge' }), Buffer.alloc(30 * 1024 * 1024, 'a')]);
    writeFileSync(join(inbox, '3-huge.eml'), huge);
    writeFileSync(
      join(inbox, '4-broken-mime.eml'),
      'From: x@y.test\r\nSubject: broken\r\nContent-Type: multipart/mixed; boundary="nope"\r\n\r\n--other\r\nContent-Type: text/html\r\n\r\n<table><tr><td>unterminated',
    );
    writeFileSync(join(inbox, '5-good.eml'), GOOD);
    const config = testConfig(dir.path, { MAX_MESSAGE_BYTES: String(20 * 1024 * 1024) });
    const extractor = createExtractor({
      timeZone: config.TIMEZONE,
      rulesPath: '',
      logger: silentLogger,
    });
    const { app } = createTestApp(config, { extractor });
    const summary = await app.runOnce();
    assert.equal(summary.emails, 5);

    const db = new Database(join(dir.path, 'data/assistant.db'), { readonly: true });
    const rows = db
      .prepare(
        `SELECT source_ref, state, outcome, error, extraction_json FROM messages ORDER BY id`,
      )
      .all() as {
      source_ref: string;
      state: string;
      outcome: string;
      error: string | null;
      extraction_json: string | null;
    }[];
    db.close();
    const by = (n: string) => rows.find((r) => r.source_ref === n)!;
    assert.ok(rows.every((r) => r.state === 'finished'));
    assert.equal(by('1-empty.eml').outcome, 'failed');
    assert.match(by('1-empty.eml').error ?? '', /empty message/);
    assert.equal(by('3-huge.eml').outcome, 'failed');
    assert.match(by('3-huge.eml').error ?? '', /too large: \d+ bytes/);
    for (const name of ['2-garbage.eml', '4-broken-mime.eml']) {
      const row = by(name);
      assert.equal(row.outcome, 'ignored', name);
      const record = JSON.parse(row.extraction_json ?? '{}') as {
        reasons: string[];
        isAuthorization: boolean;
      };
      assert.equal(record.isAuthorization, false);
      assert.ok(record.reasons.length > 0, `${name} has a reason`);
    }
    assert.equal(by('5-good.eml').outcome, 'authorization');
    assert.deepEqual(readdirSync(join(inbox, 'failed')).sort(), ['1-empty.eml', '3-huge.eml']);
    assert.deepEqual(readdirSync(join(inbox, 'processed')).sort(), [
      '2-garbage.eml',
      '4-broken-mime.eml',
      '5-good.eml',
    ]);
  },
);

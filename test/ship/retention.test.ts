// RETENTION_DAYS on a real SQLite file: raw bodies of long-finished messages and old log
// lines go; authorizations, actions, message rows, unfinished and in-review mail stay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDatabase, openDatabase, type Db } from '../../src/adapters/sqlite/database.js';
import { purgeExpired } from '../../src/services/retention.service.js';
import { countRows, insertLog, insertMessage } from './store-fixtures.js';

const NOW = new Date('2026-06-01T12:00:00.000Z');
const OLD = '2026-04-01T00:00:00.000Z'; // 61 days before NOW
const RECENT = '2026-05-25T00:00:00.000Z'; // 7 days before NOW

function withDb(fn: (db: Db) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'assistant-retention-'));
  const db = openDatabase(join(dir, 'assistant.db'));
  try {
    fn(db);
  } finally {
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  }
}

const rawOf = (db: Db, id: number): unknown =>
  (db.prepare('SELECT raw FROM messages WHERE id = ?').get(id) as { raw: unknown }).raw;

void test('purges old raw bodies and logs, keeps what records money and work', () => {
  withDb((db) => {
    const oldDone = insertMessage(db, { updatedAt: OLD, authorizationStatus: 'done' });
    const oldIgnored = insertMessage(db, { updatedAt: OLD, outcome: 'ignored' });
    const oldInReview = insertMessage(db, {
      updatedAt: OLD,
      outcome: 'needs_review',
      authorizationStatus: 'needs_review',
    });
    const oldUnfinished = insertMessage(db, {
      updatedAt: OLD,
      state: 'planned',
      outcome: null,
      finishedAt: null,
      authorizationStatus: 'in_progress',
    });
    const recentDone = insertMessage(db, { updatedAt: RECENT, authorizationStatus: 'done' });
    for (let i = 0; i < 5; i++) insertLog(db, OLD);
    for (let i = 0; i < 3; i++) insertLog(db, RECENT);
    const before = {
      messages: countRows(db, 'messages'),
      authorizations: countRows(db, 'authorizations'),
      actions: countRows(db, 'actions'),
    };

    const result = purgeExpired(db, { retentionDays: 30, now: NOW });

    assert.deepEqual(result, { rawBodiesPurged: 2, logsPurged: 5 });
    assert.equal(rawOf(db, oldDone), null);
    assert.equal(rawOf(db, oldIgnored), null);
    assert.ok(Buffer.isBuffer(rawOf(db, oldInReview)), 'review queue keeps the original');
    assert.ok(Buffer.isBuffer(rawOf(db, oldUnfinished)), 'unfinished mail keeps its bytes');
    assert.ok(Buffer.isBuffer(rawOf(db, recentDone)));
    assert.equal(countRows(db, 'event_logs'), 3);
    assert.deepEqual(
      {
        messages: countRows(db, 'messages'),
        authorizations: countRows(db, 'authorizations'),
        actions: countRows(db, 'actions'),
      },
      before,
    );

    // Running again finds nothing more: the purge is idempotent.
    assert.deepEqual(purgeExpired(db, { retentionDays: 30, now: NOW }), {
      rawBodiesPurged: 0,
      logsPurged: 0,
    });
  });
});

void test('RETENTION_DAYS=0 keeps everything', () => {
  withDb((db) => {
    const id = insertMessage(db, { updatedAt: '2000-01-01T00:00:00.000Z' });
    insertLog(db, '2000-01-01T00:00:00.000Z');
    assert.deepEqual(purgeExpired(db, { retentionDays: 0, now: NOW }), {
      rawBodiesPurged: 0,
      logsPurged: 0,
    });
    assert.ok(Buffer.isBuffer(rawOf(db, id)));
    assert.equal(countRows(db, 'event_logs'), 1);
  });
});

void test('the cut-off is exact: a message finished just inside the window is kept', () => {
  withDb((db) => {
    const justInside = insertMessage(db, { updatedAt: '2026-05-02T12:00:00.001Z' });
    const justOutside = insertMessage(db, { updatedAt: '2026-05-02T11:59:59.999Z' });
    const result = purgeExpired(db, { retentionDays: 30, now: NOW });
    assert.equal(result.rawBodiesPurged, 1);
    assert.ok(Buffer.isBuffer(rawOf(db, justInside)));
    assert.equal(rawOf(db, justOutside), null);
  });
});

// The logging adapter: LOG_LEVEL filters stdout and event_logs alike, records with an `event`
// key land in event_logs (level, event_type, message, details), warnings and errors reach the
// EventBus, and secret-named keys are masked.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { join } from 'node:path';
import { it } from 'node:test';
import { createLogger } from '../../src/adapters/logging/pino.logger.js';
import { createRedactor } from '../../src/adapters/logging/redact.js';
import { closeDatabase, openDatabase } from '../../src/adapters/sqlite/database.js';
import { EventLogRepository } from '../../src/adapters/sqlite/event-log.repository.js';
import { EventBus, type AppEvent } from '../../src/core/events.js';
import { tempDir } from '../support/temp-dir.js';

void it('filters by level, records events, feeds the bus and masks secrets', () => {
  const dir = tempDir();
  const db = openDatabase(join(dir.path, 'a.db'));
  try {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _e, cb) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        cb();
      },
    });
    const logger = createLogger({
      level: 'WARNING',
      redactor: createRedactor(['hunter2-long-secret']),
      destination: destination as never,
    });
    const bus = new EventBus();
    const seen: AppEvent[] = [];
    bus.subscribe((e) => seen.push(e));
    logger.attach({ eventLogs: new EventLogRepository(db), events: bus });

    const child = logger.child({ component: 'imap' });
    child.info({ event: 'imap.connected' }, 'below the level: dropped');
    child.warn(
      { event: 'imap.reconnecting', attempt: 2, password: 'pw', authorizationId: 'A-1' },
      'retrying hunter2-long-secret',
    );
    logger.error({ err: new Error('boom') }, 'no event key: stdout only');

    assert.equal(lines.length, 2);
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    assert.equal(first.component, 'imap');
    assert.equal(first.password, '[REDACTED]');
    assert.equal(first.authorizationId, 'A-1');
    assert.equal(first.msg, 'retrying [REDACTED]');
    const rows = db
      .prepare(`SELECT level, event_type, message, details FROM event_logs`)
      .all() as Record<string, string>[];
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.level, 'warning');
    assert.equal(rows[0]!.event_type, 'imap.reconnecting');
    assert.deepEqual(JSON.parse(rows[0]!.details!), {
      component: 'imap',
      attempt: 2,
      password: '[REDACTED]',
      authorizationId: 'A-1',
    });
    assert.deepEqual(
      seen.map((e) => e.type === 'log' && e.eventType),
      ['imap.reconnecting'],
    );
  } finally {
    closeDatabase(db);
    dir.cleanup();
  }
});

// The IMAP source's sync against a real Dovecot: the first-sync backlog window, progress by
// UIDVALIDITY + UID (never \Seen), a failing sink holding progress back, and a UIDVALIDITY
// change re-syncing without accepting anything twice.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { createImapSource } from '../../src/adapters/imap/imap.source.js';
import { SyncStateRepository } from '../../src/adapters/sqlite/sync-state.repository.js';
import type { IncomingMessage, MailSource } from '../../src/core/mail.js';
import { startDovecot, type DovecotInstance } from '../support/dovecot.js';
import {
  captureLogger,
  email,
  events,
  imapConfig,
  inspect,
  RecordingSink,
  tempDb,
  waitFor,
  type TempDb,
} from './imap-fixtures.js';

let dovecot: DovecotInstance;
let store: TempDb | null = null;
let source: MailSource | null = null;

before(async () => {
  dovecot = await startDovecot();
});
after(async () => {
  await dovecot?.stop();
});
afterEach(async () => {
  await source?.stop();
  source = null;
  store?.close();
  store = null;
  await dovecot.recreateMailbox('INBOX', { keepMessages: false });
});

function makeSource(env: Record<string, string> = {}) {
  store = tempDb();
  const logger = captureLogger();
  source = createImapSource({
    config: imapConfig(dovecot, env),
    db: store.db,
    logger,
    events: events(),
    backoff: { baseDelayMs: 100, maxDelayMs: 500 },
  });
  return { source, db: store.db, logger };
}

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);

void test('first sync honours IMAP_BACKLOG_DAYS and never comes back for older mail', async () => {
  await dovecot.deliver(email('ancient'), { internalDate: daysAgo(400) });
  await dovecot.deliver(email('last month'), { internalDate: daysAgo(40) });
  await dovecot.deliver(email('last week'), { internalDate: daysAgo(7) });
  await dovecot.deliver(email('today'));
  // Mail delivered late with an old date still has a high UID: it is outside the window too.
  await dovecot.deliver(email('late old'), { internalDate: daysAgo(100) });
  const { source: s, db } = makeSource({ IMAP_BACKLOG_DAYS: '30' });
  const sink = new RecordingSink();
  await s.start(sink);
  assert.deepEqual(sink.subjects(), ['last week', 'today']);
  assert.ok(s.status().lastSuccessfulSyncAt);

  const state = new SyncStateRepository(db).get('imap', 'INBOX');
  assert.equal(state?.lastUid, 5);
  assert.ok(state?.firstSyncAt && state.lastSyncAt);

  // After the first sync, new mail counts whatever its date says.
  const backdated = daysAgo(365);
  await dovecot.deliver(email('new but backdated'), { internalDate: backdated });
  // IDLE may already have brought it in; either way it is stored once.
  await s.syncNow();
  assert.deepEqual(sink.subjects(), ['last week', 'new but backdated', 'today']);
  const received = sink.accepted.find((m) => m.raw.includes('new but backdated'));
  // INTERNALDATE has whole seconds.
  assert.equal(received?.receivedAt.getTime(), Math.floor(backdated.getTime() / 1000) * 1000);
});

void test('IMAP_BACKLOG_DAYS=0 takes the whole mailbox; a second sync finds nothing new', async () => {
  await dovecot.deliverMany([
    { raw: email('old one'), internalDate: daysAgo(900) },
    email('fresh one'),
    email('fresh two'),
  ]);
  const { source: s } = makeSource({ IMAP_BACKLOG_DAYS: '0' });
  const sink = new RecordingSink();
  await s.start(sink);
  assert.deepEqual(sink.subjects(), ['fresh one', 'fresh two', 'old one']);
  for (const m of sink.accepted) {
    assert.equal(m.source, 'imap');
    assert.equal(m.mailbox, 'INBOX');
    assert.equal(m.sourceRef, `${m.uidValidity}:${m.uid}`);
  }
  assert.deepEqual(await s.syncNow(), { delivered: 0 });
  assert.equal(sink.calls.length, 3);
});

void test('syncing never marks mail \\Seen, and progress survives a restart of the source', async () => {
  await dovecot.deliverMany([email('unread a'), email('unread b')]);
  // The person reads one of them in their own mail client: that changes nothing for us.
  await inspect(dovecot, async (c) => {
    await c.mailboxOpen('INBOX');
    await c.messageFlagsAdd('1', ['\\Seen'], { uid: true });
  });
  store = tempDb();
  const config = imapConfig(dovecot);
  const first = createImapSource({
    config,
    db: store.db,
    logger: captureLogger(),
    events: events(),
  });
  const sink = new RecordingSink();
  await first.start(sink);
  await first.stop();
  assert.deepEqual(sink.subjects(), ['unread a', 'unread b']);

  const flags = await inspect(dovecot, async (c) => {
    await c.mailboxOpen('INBOX');
    const out = new Map<number, string[]>();
    for await (const m of c.fetch('1:*', { uid: true, flags: true }, { uid: true })) {
      out.set(m.uid, [...(m.flags ?? [])]);
    }
    return out;
  });
  assert.deepEqual(flags.get(1), ['\\Seen']);
  assert.deepEqual(flags.get(2), []);

  // A new source on the same database resumes after UID 2.
  await dovecot.deliver(email('unread c'));
  source = createImapSource({ config, db: store.db, logger: captureLogger(), events: events() });
  const again = new RecordingSink();
  await source.start(again);
  assert.deepEqual(again.subjects(), ['unread c']);
});

void test('a sink failure keeps last_uid below the message, which is fetched again next sync', async () => {
  await dovecot.deliverMany([email('m1'), email('m2 flaky'), email('m3')]);
  const { source: s, db, logger } = makeSource();
  const sink = new RecordingSink();
  sink.failures.set('m2 flaky', 1);
  await s.start(sink);
  // m1 and m3 are stored; m2 failed so the marker stays at m1.
  assert.deepEqual(sink.subjects(), ['m1', 'm3']);
  assert.equal(new SyncStateRepository(db).get('imap', 'INBOX')?.lastUid, 1);
  assert.ok(logger.records.some((r) => r.event === 'imap.accept_failed' && r.uid === 2));
  assert.match(s.status().lastError ?? '', /could not be stored/);

  const result = await s.syncNow();
  assert.equal(result.delivered, 1); // m2; m3 was offered again and recognised as stored
  assert.equal(sink.calls.filter((m) => m.raw.includes('Subject: m3')).length, 2);
  assert.deepEqual(sink.subjects(), ['m1', 'm2 flaky', 'm3']);
  assert.equal(new SyncStateRepository(db).get('imap', 'INBOX')?.lastUid, 3);
  assert.equal(s.status().lastError, null);
});

void test('a UIDVALIDITY change re-syncs from UID 1 and the sink stores nothing twice', async () => {
  await dovecot.deliverMany([email('keep 1'), email('keep 2'), email('keep 3')]);
  const { source: s, db, logger } = makeSource();
  const sink = new RecordingSink();
  await s.start(sink);
  assert.equal(sink.accepted.length, 3);
  const oldValidity = sink.accepted[0]!.uidValidity;

  const newValidity = await dovecot.recreateMailbox('INBOX');
  await dovecot.deliver(email('after recreate'));
  // The server dropped our session when the mailbox was re-created; the source reconnects.
  let result = { delivered: 0 };
  for (let i = 0; i < 50; i++) {
    result = await s.syncNow().catch(() => ({ delivered: -1 }));
    if (result.delivered >= 0 && sink.subjects().length === 4) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.deepEqual(sink.subjects(), ['after recreate', 'keep 1', 'keep 2', 'keep 3']);
  // All four were offered again under the new UIDVALIDITY; the three known ones were not new.
  const offeredAgain = sink.calls.filter((m) => m.uidValidity === newValidity);
  assert.equal(offeredAgain.length, 4);
  assert.notEqual(oldValidity, newValidity);
  const state = new SyncStateRepository(db).get('imap', 'INBOX');
  assert.equal(state?.uidValidity, newValidity);
  assert.equal(state?.lastUid, 4);
  assert.ok(logger.records.some((r) => r.event === 'imap.uidvalidity_changed'));
});

void test('stop() in the middle of a backlog keeps what was stored; the next start fetches the rest', async () => {
  const total = 600;
  await dovecot.deliverMany(Array.from({ length: total }, (_, i) => email(`bulk ${i}`)));
  store = tempDb();
  const config = imapConfig(dovecot);
  const first = createImapSource({
    config,
    db: store.db,
    logger: captureLogger(),
    events: events(),
  });
  // A slow store: the backlog is still being fetched when stop() is called.
  const slow = new RecordingSink();
  const slowSink = {
    accept: async (m: IncomingMessage) => {
      await new Promise((r) => setTimeout(r, 2));
      return slow.accept(m);
    },
  };
  const started = first.start(slowSink);
  await waitFor('part of the backlog', () => slow.accepted.length >= 50);
  await first.stop();
  await started;
  const storedBeforeStop = slow.accepted.length;
  assert.ok(storedBeforeStop < total, 'the backlog finished before stop(); nothing was tested');
  const lastUid = new SyncStateRepository(store.db).get('imap', 'INBOX')?.lastUid ?? 0;
  // Progress never runs ahead of what the sink stored.
  assert.ok(lastUid > 0 && lastUid <= storedBeforeStop, `lastUid ${lastUid}`);

  source = createImapSource({ config, db: store.db, logger: captureLogger(), events: events() });
  await source.start(slow);
  assert.equal(new Set(slow.subjects()).size, total);
  assert.equal(slow.accepted.length, total);
});

// Settling many finished messages at once (MailSource.settleMany): one result per request, in
// order; processed and failed ones land in their folders, one already gone is fine, one under
// an older UIDVALIDITY is found by its Message-ID, flags never include \Seen, and mail that was
// not asked for stays where it is. Also through the Settler with the real store.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import type { ImapFlow } from 'imapflow';
import { createImapSource } from '../../src/adapters/imap/imap.source.js';
import type { IncomingMessage, MailSource, SettleRequest } from '../../src/core/mail.js';
import { EventBus } from '../../src/core/events.js';
import { silentLogger } from '../../src/core/logger.js';
import { createIngest } from '../../src/services/ingest.service.js';
import { Settler } from '../../src/services/settler.service.js';
import { createStore } from '../../src/services/store.js';
import { startDovecot, type DovecotInstance } from '../support/dovecot.js';
import {
  captureLogger,
  email,
  events,
  imapConfig,
  inspect,
  RecordingSink,
  subjectOf,
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
  await inspect(dovecot, async (c) => {
    for (const folder of ['Processed', 'FailedProcessing']) {
      await c.mailboxDelete(folder).catch(() => undefined);
    }
  });
});

function request(m: IncomingMessage, outcome: 'processed' | 'failed'): SettleRequest {
  return {
    source: 'imap',
    mailbox: m.mailbox,
    uidValidity: m.uidValidity,
    uid: m.uid,
    sourceRef: m.sourceRef,
    messageIdHeader: /^Message-ID: (.*)$/m.exec(m.raw.toString())?.[1]?.trim() ?? null,
    outcome,
  };
}

async function folderSubjects(c: ImapFlow, folder: string): Promise<string[]> {
  const status = await c.status(folder, { messages: true }).catch(() => false as const);
  if (!status || !status.messages) return [];
  await c.mailboxOpen(folder);
  const out: string[] = [];
  for await (const m of c.fetch('1:*', { envelope: true })) out.push(m.envelope?.subject ?? '');
  return out.sort();
}

async function flagsOf(c: ImapFlow, folder: string): Promise<string[]> {
  await c.mailboxOpen(folder);
  const out: string[] = [];
  for await (const m of c.fetch('1:*', { flags: true })) out.push(...(m.flags ?? []));
  return out;
}

async function startWith(postAction: string, subjects: string[]) {
  await dovecot.deliverMany(subjects.map((s) => email(s)));
  store = tempDb();
  source = createImapSource({
    config: imapConfig(dovecot, { IMAP_POST_ACTION: postAction }),
    db: store.db,
    logger: captureLogger(),
    events: events(),
  });
  const sink = new RecordingSink();
  await source.start(sink);
  const bySubject = (s: string) => sink.accepted.find((m) => subjectOf(m.raw) === s)!;
  return { source, bySubject };
}

void test('move: many requests in one call, each with its own result', async () => {
  const ok = Array.from({ length: 30 }, (_, i) => `auth ok ${i}`);
  const bad = Array.from({ length: 5 }, (_, i) => `auth bad ${i}`);
  const { source: s, bySubject } = await startWith('move', [...ok, ...bad, 'newsletter']);
  // One is settled alone first: in the batch it is already gone (a retry after a crash).
  await s.settle(request(bySubject('auth ok 0'), 'processed'));
  const requests = [
    ...ok.map((x) => request(bySubject(x), 'processed')),
    ...bad.map((x) => request(bySubject(x), 'failed')),
  ];
  const results = await s.settleMany!(requests);
  assert.equal(results.length, requests.length);
  assert.ok(results.every((r) => r.status === 'fulfilled'));
  // Again: everything is gone, nothing fails.
  const again = await s.settleMany!(requests);
  assert.ok(again.every((r) => r.status === 'fulfilled'));
  await inspect(dovecot, async (c) => {
    assert.deepEqual(await folderSubjects(c, 'Processed'), [...ok].sort());
    assert.deepEqual(await folderSubjects(c, 'FailedProcessing'), [...bad].sort());
    assert.deepEqual(await folderSubjects(c, 'INBOX'), ['newsletter']);
    assert.ok(!(await flagsOf(c, 'Processed')).includes('\\Seen'), 'never marked read');
  });
});

void test('flag: one keyword per outcome for the whole batch, \\Seen never set', async () => {
  const { source: s, bySubject } = await startWith('flag', ['a1', 'a2', 'f1', 'other']);
  const results = await s.settleMany!([
    request(bySubject('a1'), 'processed'),
    request(bySubject('f1'), 'failed'),
    request(bySubject('a2'), 'processed'),
  ]);
  assert.ok(results.every((r) => r.status === 'fulfilled'));
  await inspect(dovecot, async (c) => {
    await c.mailboxOpen('INBOX');
    const flags = new Map<string, string[]>();
    for await (const m of c.fetch('1:*', { envelope: true, flags: true })) {
      flags.set(m.envelope?.subject ?? '', [...(m.flags ?? [])].sort());
    }
    assert.deepEqual(flags.get('a1'), ['$AssistantProcessed']);
    assert.deepEqual(flags.get('a2'), ['$AssistantProcessed']);
    assert.deepEqual(flags.get('f1'), ['$AssistantFailed']);
    assert.deepEqual(flags.get('other'), []);
  });
});

void test('a batch mixing current UIDs and a stale UIDVALIDITY settles both', async () => {
  const { source: s, bySubject } = await startWith('move', ['old auth', 'kept']);
  const stale = request(bySubject('old auth'), 'processed');
  await dovecot.recreateMailbox('INBOX');
  await waitFor('a sync under the new UIDVALIDITY', () =>
    s.syncNow().then(
      () => true,
      () => false,
    ),
  );
  await dovecot.deliver(email('new auth'));
  await s.syncNow();
  // The new message's UID under the new UIDVALIDITY, as the store would know it.
  const uidValidity = await inspect(dovecot, async (c) => {
    const box = await c.mailboxOpen('INBOX');
    return Number(box.uidValidity);
  });
  const uid = await inspect(dovecot, async (c) => {
    await c.mailboxOpen('INBOX');
    const found = await c.search({ subject: 'new auth' }, { uid: true });
    return Array.isArray(found) ? found[0]! : 0;
  });
  const fresh: SettleRequest = {
    source: 'imap',
    mailbox: 'INBOX',
    uidValidity,
    uid,
    sourceRef: `${uidValidity}:${uid}`,
    messageIdHeader: '<new-auth@example.test>',
    outcome: 'failed',
  };
  const results = await s.settleMany!([stale, fresh]);
  assert.ok(results.every((r) => r.status === 'fulfilled'));
  await inspect(dovecot, async (c) => {
    assert.deepEqual(await folderSubjects(c, 'Processed'), ['old auth']);
    assert.deepEqual(await folderSubjects(c, 'FailedProcessing'), ['new auth']);
    assert.deepEqual(await folderSubjects(c, 'INBOX'), ['kept']);
  });
});

void test('the Settler hands finished messages over together; unfinished ones are not moved', async () => {
  const subjects = Array.from({ length: 12 }, (_, i) => `stored ${i}`);
  await dovecot.deliverMany(subjects.map((s) => email(s)));
  store = tempDb();
  const s = createStore(store.db, (v) => v);
  const imap = createImapSource({
    config: imapConfig(dovecot, { IMAP_POST_ACTION: 'move' }),
    db: store.db,
    logger: silentLogger,
    events: new EventBus(),
  });
  source = imap;
  const calls: number[] = [];
  const counting: MailSource = Object.assign(Object.create(imap) as MailSource, {
    settleMany: (rs: readonly SettleRequest[]) => {
      calls.push(rs.length);
      return imap.settleMany!(rs);
    },
  });
  const settler = new Settler(s, () => counting, silentLogger);
  const sink = createIngest({
    store: s,
    settler,
    events: new EventBus(),
    logger: silentLogger,
    onStored: () => {},
  });
  await imap.start(sink);
  const rows = store.db.prepare('SELECT id FROM messages ORDER BY id').all() as { id: number }[];
  assert.equal(rows.length, subjects.length);
  // All but the last two are finished (as authorizations); the last two are still at work.
  const finished = rows.slice(0, -2);
  for (const r of finished) s.messages.finish(r.id, 'authorization', null, 'pending');
  await Promise.all(rows.map((r) => settler.settle(r.id)));
  assert.equal(calls.length, 1, `one batch expected, got ${calls.join(',')}`);
  assert.equal(calls[0], finished.length);
  const status = store.db
    .prepare('SELECT settle_status AS s, COUNT(*) AS n FROM messages GROUP BY s ORDER BY s')
    .all() as { s: string | null; n: number }[];
  assert.deepEqual(status, [
    { s: null, n: 2 },
    { s: 'done', n: finished.length },
  ]);
  await inspect(dovecot, async (c) => {
    assert.equal((await folderSubjects(c, 'Processed')).length, finished.length);
    assert.equal((await folderSubjects(c, 'INBOX')).length, 2);
  });
});

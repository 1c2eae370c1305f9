// Settling finished authorizations on a real Dovecot, per IMAP_POST_ACTION: move (creating the
// folder), flag with a keyword, or leave alone; found by UID or, after a UIDVALIDITY change, by
// Message-ID; a second settle of the same message is a harmless no-op; other mail is untouched.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import type { ImapFlow } from 'imapflow';
import { createImapSource } from '../../src/adapters/imap/imap.source.js';
import type { IncomingMessage, MailSource, SettleRequest } from '../../src/core/mail.js';
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

async function startWith(postAction: string, subjects: string[], env: Record<string, string> = {}) {
  await dovecot.deliverMany(subjects.map((s) => email(s)));
  store = tempDb();
  source = createImapSource({
    config: imapConfig(dovecot, { IMAP_POST_ACTION: postAction, ...env }),
    db: store.db,
    logger: captureLogger(),
    events: events(),
  });
  const sink = new RecordingSink();
  await source.start(sink);
  const bySubject = (s: string) => sink.accepted.find((m) => subjectOf(m.raw) === s)!;
  return { source, sink, bySubject };
}

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

async function keywords(c: ImapFlow): Promise<Map<string, string[]>> {
  await c.mailboxOpen('INBOX');
  const out = new Map<string, string[]>();
  for await (const m of c.fetch('1:*', { envelope: true, flags: true })) {
    out.set(m.envelope?.subject ?? '', [...(m.flags ?? [])].sort());
  }
  return out;
}

void test('move: processed and failed authorizations go to their folders, created on demand', async () => {
  const { source: s, bySubject } = await startWith('move', ['auth ok', 'auth bad', 'newsletter']);
  await s.settle(request(bySubject('auth ok'), 'processed'));
  await s.settle(request(bySubject('auth bad'), 'failed'));
  // Settling again (a retry after a crash) finds the message gone and does nothing.
  await s.settle(request(bySubject('auth ok'), 'processed'));

  await inspect(dovecot, async (c) => {
    assert.deepEqual(await folderSubjects(c, 'Processed'), ['auth ok']);
    assert.deepEqual(await folderSubjects(c, 'FailedProcessing'), ['auth bad']);
    assert.deepEqual(await folderSubjects(c, 'INBOX'), ['newsletter']);
  });
});

void test('flag: a keyword is added instead, nothing moves, \\Seen is not set', async () => {
  const { source: s, bySubject } = await startWith('flag', ['auth ok', 'auth bad', 'newsletter']);
  await s.settle(request(bySubject('auth ok'), 'processed'));
  await s.settle(request(bySubject('auth bad'), 'failed'));
  await inspect(dovecot, async (c) => {
    const flags = await keywords(c);
    assert.deepEqual(flags.get('auth ok'), ['$AssistantProcessed']);
    assert.deepEqual(flags.get('auth bad'), ['$AssistantFailed']);
    assert.deepEqual(flags.get('newsletter'), []);
  });
});

void test('none: the mailbox is left alone', async () => {
  const { source: s, bySubject } = await startWith('none', ['auth ok']);
  await s.settle(request(bySubject('auth ok'), 'processed'));
  await inspect(dovecot, async (c) => {
    assert.deepEqual((await keywords(c)).get('auth ok'), []);
    assert.deepEqual(await folderSubjects(c, 'Processed'), []);
  });
});

void test('after a UIDVALIDITY change the message is found by its Message-ID', async () => {
  const { source: s, bySubject } = await startWith('move', ['auth moved later', 'other']);
  const stale = request(bySubject('auth moved later'), 'processed');
  const next = await dovecot.recreateMailbox('INBOX');
  // A "poll now" that succeeds has selected the mailbox again, so it saw the new UIDVALIDITY.
  await waitFor('a sync under the new UIDVALIDITY', () =>
    s.syncNow().then(
      () => true,
      () => false,
    ),
  );
  assert.notEqual(stale.uidValidity, next);
  await s.settle(stale);
  await inspect(dovecot, async (c) => {
    assert.deepEqual(await folderSubjects(c, 'Processed'), ['auth moved later']);
    assert.deepEqual(await folderSubjects(c, 'INBOX'), ['other']);
  });
});

void test('new mail still arrives through IDLE after a settle broke it', async () => {
  // The re-check timer is far away: only IDLE, resumed after the MOVE, can bring mail in.
  const {
    source: s,
    sink,
    bySubject,
  } = await startWith('move', ['auth first'], {
    EMAIL_POLL_INTERVAL: '1h',
  });
  await waitFor('watching', () => s.status().watching);
  await s.settle(request(bySubject('auth first'), 'processed'));
  await dovecot.deliver(email('arrives after settle'));
  await waitFor('mail after the settle', () => sink.subjects().includes('arrives after settle'));
  await inspect(dovecot, async (c) => {
    assert.deepEqual(await folderSubjects(c, 'Processed'), ['auth first']);
  });
});

void test('a settle right after the server restarted waits for the reconnect', async () => {
  const { source: s, bySubject } = await startWith('move', ['auth across restart']);
  await dovecot.restart();
  await s.settle(request(bySubject('auth across restart'), 'processed'));
  await inspect(dovecot, async (c) => {
    assert.deepEqual(await folderSubjects(c, 'Processed'), ['auth across restart']);
  });
});

// Proves the private Dovecot harness other IMAP tests stand on: delivery with a chosen
// INTERNALDATE, other folders, restart on the same port, a forced UIDVALIDITY change, and a
// stop that leaves no process and no temp dir behind.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { ImapFlow } from 'imapflow';
import { startDovecot, type DovecotInstance } from '../support/dovecot.js';

let dovecot: DovecotInstance;
before(async () => {
  dovecot = await startDovecot();
});
after(async () => {
  await dovecot?.stop();
});

function client(d: DovecotInstance): ImapFlow {
  return new ImapFlow({
    host: d.host,
    port: d.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user: d.user, pass: d.password },
    logger: false,
  });
}

const mail = (n: number) =>
  `From: sender@example.test\r\nTo: me@example.test\r\nSubject: note ${n}\r\nMessage-ID: <note-${n}@example.test>\r\n\r\nbody ${n}\r\n`;

void test('delivered mail is visible over IMAP with the chosen INTERNALDATE', async () => {
  const old = new Date('2021-03-04T05:06:07Z');
  await dovecot.deliver(mail(1), { internalDate: old });
  await dovecot.deliverMany([mail(2), { raw: mail(3), internalDate: old }]);
  await dovecot.deliver(mail(4), { mailbox: 'Archive' });
  const c = client(dovecot);
  await c.connect();
  try {
    const box = await c.mailboxOpen('INBOX');
    assert.equal(box.exists, 3);
    const dates = new Map<string, number>();
    for await (const m of c.fetch('1:*', { envelope: true, internalDate: true }, { uid: true })) {
      dates.set(m.envelope?.subject ?? '', new Date(m.internalDate ?? 0).getTime());
    }
    assert.equal(dates.get('note 1'), old.getTime());
    assert.equal(dates.get('note 3'), old.getTime());
    assert.ok((dates.get('note 2') ?? 0) > Date.now() - 3_600_000);
    const archive = await c.status('Archive', { messages: true });
    assert.equal(archive && archive.messages, 1);
  } finally {
    await c.logout();
  }
});

void test('restart drops clients and serves again on the same port', async () => {
  const c = client(dovecot);
  await c.connect();
  const closed = new Promise<void>((resolve) => c.once('close', () => resolve()));
  const port = dovecot.port;
  await dovecot.restart();
  await closed;
  assert.equal(dovecot.port, port);
  const again = client(dovecot);
  await again.connect();
  assert.equal((await again.mailboxOpen('INBOX')).exists, 3);
  await again.logout();
});

void test('recreateMailbox gives a new UIDVALIDITY and renumbers from 1', async () => {
  const before = await dovecot.uidValidity();
  const next = await dovecot.recreateMailbox('INBOX', { keepMessages: false });
  assert.notEqual(next, before);
  await dovecot.deliver(mail(5));
  const c = client(dovecot);
  await c.connect();
  try {
    const box = await c.mailboxOpen('INBOX');
    assert.equal(Number(box.uidValidity), next);
    const uids: number[] = [];
    for await (const m of c.fetch('1:*', { uid: true }, { uid: true })) uids.push(m.uid);
    assert.deepEqual(uids, [1]);
  } finally {
    await c.logout();
  }
});

void test('stop removes the process and the temp dir', async () => {
  const d = await startDovecot({ users: [{ name: 'other', password: 'secret-one' }] });
  assert.equal(d.user, 'other');
  const root = d.root;
  assert.ok(existsSync(root));
  await d.stop();
  assert.equal(existsSync(root), false);
  const c = client(d);
  c.on('error', () => {});
  await assert.rejects(c.connect());
});

void test('a Dovecot left behind by a SIGKILLed test process is reaped by the next start', async () => {
  const harness = new URL('../support/dovecot.ts', import.meta.url).pathname;
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `const { startDovecot } = await import(${JSON.stringify(harness)});
       const d = await startDovecot();
       console.log(d.root + ' ' + d.port);
       setInterval(() => {}, 1000);`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.once('exit', () => reject(new Error(`child exited early: ${out}`)));
  });
  const [orphanRoot, orphanPort] = line.split(' ');
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  assert.ok(existsSync(orphanRoot!));

  const d = await startDovecot();
  try {
    assert.equal(existsSync(orphanRoot!), false);
    const c = new ImapFlow({
      host: '127.0.0.1',
      port: Number(orphanPort),
      secure: false,
      logger: false,
      auth: { user: 'x', pass: 'y' },
    });
    c.on('error', () => {});
    await assert.rejects(c.connect());
  } finally {
    await d.stop();
  }
});

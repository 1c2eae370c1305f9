// The IMAP source watching a real Dovecot: new mail arrives through IDLE without waiting for
// the re-check timer, the server restarting mid-watch is survived (mail delivered meanwhile is
// picked up), and a refused login is reported clearly, retried, and never logs the password.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createImapSource } from '../../src/adapters/imap/imap.source.js';
import type { AppEvent } from '../../src/core/events.js';
import { EventBus } from '../../src/core/events.js';
import { loadConfig } from '../../src/config/index.js';
import { startDovecot, type DovecotInstance } from '../support/dovecot.js';
import {
  captureLogger,
  email,
  imapConfig,
  RecordingSink,
  tempDb,
  waitFor,
} from './imap-fixtures.js';

let dovecot: DovecotInstance;
before(async () => {
  dovecot = await startDovecot();
});
after(async () => {
  await dovecot?.stop();
});

void test('mail delivered while watching arrives through IDLE and survives a server restart', async () => {
  const store = tempDb();
  const logger = captureLogger();
  const bus = new EventBus();
  const seen: AppEvent[] = [];
  bus.subscribe((e) => seen.push(e));
  // A re-check interval far longer than the test: only IDLE can bring the mail in.
  const source = createImapSource({
    config: imapConfig(dovecot, { EMAIL_POLL_INTERVAL: '1h' }),
    db: store.db,
    logger,
    events: bus,
    backoff: { baseDelayMs: 200, maxDelayMs: 1_000 },
  });
  const sink = new RecordingSink();
  try {
    await source.start(sink);
    await waitFor('watching', () => source.status().watching);
    assert.equal(source.status().connected, true);

    await dovecot.deliver(email('live one'));
    await waitFor('the live message', () => sink.subjects().includes('live one'));

    // Restart the server; mail lands while the source is reconnecting.
    const restarting = dovecot.restart();
    await dovecot.deliver(email('during restart'));
    await restarting;
    await waitFor('the message delivered during the restart', () =>
      sink.subjects().includes('during restart'),
    );
    await waitFor('watching again', () => source.status().watching);
    assert.ok(logger.records.some((r) => r.event === 'imap.disconnected'));
    assert.ok(logger.records.filter((r) => r.event === 'imap.connected').length >= 2);

    await dovecot.deliver(email('after restart'));
    await waitFor('the message after the restart', () => sink.subjects().includes('after restart'));
    assert.deepEqual(sink.subjects(), ['after restart', 'during restart', 'live one']);
    assert.equal(source.status().lastError, null);
    assert.ok(source.status().lastSuccessfulSyncAt);
    assert.ok(seen.some((e) => e.type === 'status.changed'));
  } finally {
    await source.stop();
    store.close();
  }
  assert.equal(source.status().connected, false);
  assert.equal(source.status().watching, false);
});

void test('a refused login is logged as IMAP_ERR_AUTH with a hint, retried until it works, and never shows the password', async () => {
  const wrong = 'Wr0ng-Pa55word-xyz';
  const store = tempDb();
  const logger = captureLogger();
  const config = loadConfig({
    readEnvFile: false,
    env: {
      IMAP_HOST: dovecot.host,
      IMAP_PORT: String(dovecot.port),
      IMAP_TLS: 'false',
      IMAP_USER: dovecot.user,
      IMAP_PASSWORD: wrong,
    },
  });
  const source = createImapSource({
    config,
    db: store.db,
    logger,
    events: new EventBus(),
    backoff: { baseDelayMs: 100, maxDelayMs: 300 },
  });
  try {
    await source.start(new RecordingSink());
    const status = source.status();
    assert.equal(status.connected, false);
    assert.match(status.lastError ?? '', /refused the login/);
    assert.match(status.lastError ?? '', /IMAP_PASSWORD/);
    assert.ok(status.reconnectAt);
    assert.ok(!status.target.includes(wrong));
    await assert.rejects(
      source.syncNow(),
      (err: { code?: string }) => err.code === 'IMAP_ERR_AUTH',
    );
    // It keeps trying (the user may fix the password) with the capped backoff.
    await waitFor(
      'a second attempt',
      () => logger.records.filter((r) => r.event === 'imap.auth_failed').length >= 2,
    );
    const failure = logger.records.find((r) => r.event === 'imap.auth_failed');
    assert.equal(failure?.code, 'IMAP_ERR_AUTH');
    assert.match(String(failure?.hint), /app password/);

    // The user fixes the account (here: the server now accepts that password): the source
    // gets in on its own next attempt, without a restart.
    await dovecot.setPassword(dovecot.user, wrong);
    await waitFor('the login to succeed', () => source.status().connected);
    assert.equal(source.status().lastError, null);
    assert.equal(source.status().reconnectAt, null);
  } finally {
    await source.stop();
    store.close();
    await dovecot.setPassword(dovecot.user, dovecot.password);
  }
  assert.ok(!logger.text().includes(wrong), 'the password appears in the logs');
  assert.ok(!JSON.stringify(source.status()).includes(wrong));
});

void test('a server without IDLE is polled every EMAIL_POLL_INTERVAL', async () => {
  const plain = await startDovecot({
    imapCapability: 'IMAP4rev1 LITERAL+ SASL-IR ID ENABLE UIDPLUS MOVE',
  });
  const store = tempDb();
  const logger = captureLogger();
  const source = createImapSource({
    config: imapConfig(plain, { EMAIL_POLL_INTERVAL: '1' }),
    db: store.db,
    logger,
    events: new EventBus(),
  });
  const sink = new RecordingSink();
  try {
    await source.start(sink);
    const connected = logger.records.find((r) => r.event === 'imap.connected');
    assert.equal(connected?.idle, false);
    await plain.deliver(email('polled in'));
    await waitFor('the polled message', () => sink.subjects().includes('polled in'));
  } finally {
    await source.stop();
    store.close();
    await plain.stop();
  }
});

void test('a mailbox that does not exist is reported as IMAP_ERR_MAILBOX and retried', async () => {
  const store = tempDb();
  const logger = captureLogger();
  const source = createImapSource({
    config: imapConfig(dovecot, { IMAP_MAILBOX: 'Agency Mail' }),
    db: store.db,
    logger,
    events: new EventBus(),
    backoff: { baseDelayMs: 100, maxDelayMs: 300 },
  });
  try {
    await source.start(new RecordingSink());
    assert.equal(source.status().connected, false);
    assert.match(source.status().lastError ?? '', /IMAP_MAILBOX/);
    const failure = logger.records.find((r) => r.event === 'imap.connect_failed');
    assert.equal(failure?.code, 'IMAP_ERR_MAILBOX');
    // Once the folder exists (the user created it), the source gets in by itself.
    await dovecot.deliver(email('in the agency folder'), { mailbox: 'Agency Mail' });
    await waitFor('connected to the new folder', () => source.status().watching);
  } finally {
    await source.stop();
    store.close();
  }
});

void test('TLS against a plain port explains IMAP_TLS instead of an OpenSSL dump', async () => {
  const store = tempDb();
  const source = createImapSource({
    config: imapConfig(dovecot, { IMAP_TLS: 'true' }),
    db: store.db,
    logger: captureLogger(),
    events: new EventBus(),
    backoff: { baseDelayMs: 100, maxDelayMs: 300 },
  });
  try {
    await source.start(new RecordingSink());
    const error = source.status().lastError ?? '';
    assert.match(error, /TLS handshake failed/);
    assert.match(error, /IMAP_TLS=false/);
    assert.ok(!error.includes('\n'), error);
  } finally {
    await source.stop();
    store.close();
  }
});

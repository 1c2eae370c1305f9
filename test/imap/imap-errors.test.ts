// How imapflow's and the socket's errors become AppErrors: the code decides the log event and
// the hint tells the user what to change; the password never appears.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toImapError } from '../../src/adapters/imap/imap-errors.js';
import { AppError } from '../../src/core/errors.js';

const target = 'imaps://me%40example.test@mail.example.test:993/INBOX';

void test('a refused login is IMAP_ERR_AUTH, retryable, with the app-password hint', () => {
  const err = Object.assign(new Error('Command failed'), {
    authenticationFailed: true,
    responseText: 'Authentication failed.',
  });
  const e = toImapError(err, target);
  assert.equal(e.code, 'IMAP_ERR_AUTH');
  assert.equal(e.retryable, true);
  assert.equal(e.vendorMessage, 'Authentication failed.');
  assert.match(e.hint ?? '', /IMAP_PASSWORD/);
  assert.match(e.hint ?? '', /app password/);
});

void test('a missing mailbox is IMAP_ERR_MAILBOX with a hint naming IMAP_MAILBOX', () => {
  const e = toImapError(
    Object.assign(new Error('Command failed'), { mailboxMissing: true }),
    target,
  );
  assert.equal(e.code, 'IMAP_ERR_MAILBOX');
  assert.match(e.hint ?? '', /IMAP_MAILBOX/);
});

void test('socket and TLS failures are IMAP_ERR_CONNECTION with a useful hint', () => {
  const refused = toImapError(
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:993'), { code: 'ECONNREFUSED' }),
    target,
  );
  assert.equal(refused.code, 'IMAP_ERR_CONNECTION');
  assert.equal(refused.retryable, true);
  assert.match(refused.hint ?? '', /IMAP_HOST and IMAP_PORT/);

  const cert = toImapError(
    Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
    target,
  );
  assert.match(cert.message, /certificate was not accepted/);
  assert.match(cert.hint ?? '', /IMAP_HOST/);

  const multiLine = toImapError(
    Object.assign(new Error('first line\nsecond line'), { code: 'EPIPE' }),
    target,
  );
  assert.equal(multiLine.message, `IMAP connection to ${target} failed: first line (EPIPE)`);
});

void test('an AppError passes through unchanged', () => {
  const original = new AppError('IMAP_ERR_AUTH', 'x', { retryable: true });
  assert.equal(toImapError(original, target), original);
});

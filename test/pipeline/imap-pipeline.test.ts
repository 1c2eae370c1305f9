// The whole pipeline on the IMAP source against a real Dovecot: the backlog is processed,
// authorizations are moved to Processed (or FailedProcessing when they need a person) only
// once handled, ordinary mail stays in the inbox untouched, and mail delivered while watching
// is handled too.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { ImapFlow } from 'imapflow';
import { startDovecot, type DovecotInstance } from '../support/dovecot.js';
import { eml } from '../support/eml.js';
import { createTestApp, testConfig } from '../support/test-app.js';
import { tempDir, waitFor } from '../support/temp-dir.js';

let dovecot: DovecotInstance;
let dir: ReturnType<typeof tempDir>;
before(async () => {
  dovecot = await startDovecot();
  dir = tempDir();
});
after(async () => {
  await dovecot?.stop();
  dir?.cleanup();
});

async function counts(): Promise<Record<string, number>> {
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    auth: { user: dovecot.user, pass: dovecot.password },
    logger: false,
  });
  await client.connect();
  try {
    const out: Record<string, number> = {};
    for (const box of ['INBOX', 'Processed', 'FailedProcessing']) {
      // A folder that does not exist yet holds no messages.
      const st = await client.status(box, { messages: true }).catch(() => null);
      out[box] = st ? (st.messages ?? 0) : 0;
    }
    return out;
  } finally {
    await client.logout();
  }
}

void it(
  'processes the backlog and new mail, settling only authorizations',
  { timeout: 180_000 },
  async () => {
    await dovecot.deliverMany([
      eml({ auth: 'I-1' }),
      eml({}),
      eml({ auth: 'I-2', review: 'no rate' }),
    ]);
    const config = testConfig(dir.path, {
      IMAP_HOST: dovecot.host,
      IMAP_PORT: String(dovecot.port),
      IMAP_TLS: 'false',
      IMAP_USER: dovecot.user,
      IMAP_PASSWORD: dovecot.password,
      IMAP_BACKLOG_DAYS: '0',
    });
    const first = createTestApp(config);
    const summary = await first.app.runOnce();
    assert.equal(
      summary.line,
      'processed 3 emails: 1 authorization, 1 need review, 1 ignored, 0 failed; actions: 4 done, 0 skipped, 0 failed',
    );
    assert.deepEqual(await counts(), { INBOX: 1, Processed: 1, FailedProcessing: 1 });

    const second = createTestApp(config);
    await second.app.start();
    try {
      await dovecot.deliver(eml({ auth: 'I-3' }));
      await waitFor(
        async () => (await counts()).Processed === 2,
        60_000,
        'the new authorization to be handled',
      );
      assert.deepEqual(await counts(), { INBOX: 1, Processed: 2, FailedProcessing: 1 });
      assert.equal(second.ledger.calls.get('client:@agency.test#I-3'), 1);
    } finally {
      await second.app.stop();
    }
  },
);

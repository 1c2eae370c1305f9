// A settle that failed while the mail server was away is retried as soon as the source
// reports it is connected again, not only at the next start.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createFolderSource } from '../../src/adapters/folder/folder.source.js';
import { silentLogger } from '../../src/core/logger.js';
import type { MailSource } from '../../src/core/mail.js';
import { eml } from '../support/eml.js';
import { tempDir, waitFor } from '../support/temp-dir.js';
import { createTestApp, testConfig } from '../support/test-app.js';

void test(
  'a failed settle is retried when the source reconnects',
  { timeout: 60_000 },
  async () => {
    const dir = tempDir();
    const inbox = join(dir.path, 'inbox');
    mkdirSync(inbox, { recursive: true });
    const folder = createFolderSource({
      inboxDir: inbox,
      pollIntervalMs: 200,
      logger: silentLogger,
      settleTimeMs: 50,
    });
    let serverAway = true;
    // The folder source stands in for a mailbox whose server is unreachable for a while.
    const source: MailSource = {
      kind: folder.kind,
      start: (sink) => folder.start(sink),
      syncNow: () => folder.syncNow(),
      stop: () => folder.stop(),
      status: () => folder.status(),
      settle: async (request) => {
        if (serverAway) throw new Error('connection refused');
        await folder.settle(request);
      },
    };
    const { app } = createTestApp(testConfig(dir.path), { source });
    try {
      await app.start();
      writeFileSync(join(inbox, 'auth.eml'), eml({ auth: 'RC-1' }));
      const settleStatus = () =>
        (
          app.db.prepare('SELECT settle_status AS s FROM messages').get() as
            { s: string } | undefined
        )?.s;
      await waitFor(() => settleStatus() === 'failed', 30_000, 'the settle to fail');
      assert.ok(existsSync(join(inbox, 'auth.eml')), 'the file stays while it cannot be settled');

      serverAway = false;
      app.events.emit({
        type: 'status.changed',
        status: { source: { ...source.status(), connected: true } },
      });
      await waitFor(() => settleStatus() === 'done', 30_000, 'the settle to be retried');
      assert.ok(!existsSync(join(inbox, 'auth.eml')), 'the file has been settled');
    } finally {
      await app.stop();
      dir.cleanup();
    }
  },
);

// The folder source on a real directory: files already there, files dropped while watching,
// a file still being written, files dropped while stopped, and settling into processed/failed.
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, it } from 'node:test';
import { createFolderSource } from '../../src/adapters/folder/folder.source.js';
import { silentLogger } from '../../src/core/logger.js';
import type { IncomingMessage, MessageSink } from '../../src/core/mail.js';
import { eml } from '../support/eml.js';
import { tempDir, waitFor } from '../support/temp-dir.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.cleanup());

function recordingSink(): MessageSink & { got: IncomingMessage[] } {
  const got: IncomingMessage[] = [];
  let id = 0;
  return {
    got,
    async accept(m) {
      got.push(m);
      return { messageId: ++id, isNew: true };
    },
  };
}

void it('delivers files present at start and dropped later, waits for writers, settles by moving', async () => {
  const inbox = join(dir.path, 'inbox');
  mkdirSync(inbox);
  writeFileSync(join(inbox, 'before.eml'), eml({ auth: 'B-1' }));
  writeFileSync(join(inbox, 'notes.txt'), 'not mail');
  const source = createFolderSource({
    inboxDir: inbox,
    pollIntervalMs: 500,
    logger: silentLogger,
    settleTimeMs: 300,
  });
  const sink = recordingSink();
  await source.start(sink);
  try {
    // Written a moment ago, so it is read once it has been quiet for settleTimeMs.
    await waitFor(() => sink.got.length === 1, 20_000, 'the file present at start');
    assert.equal(sink.got[0]?.sourceRef, 'before.eml');
    // A file written in two parts is read only once it is complete.
    const partial = eml({ auth: 'P-1', body: 'x'.repeat(5000) });
    writeFileSync(join(inbox, 'partial.eml'), partial.subarray(0, 100));
    await new Promise((r) => setTimeout(r, 100));
    appendFileSync(join(inbox, 'partial.eml'), partial.subarray(100));
    writeFileSync(join(inbox, 'later.eml'), eml({}));
    await waitFor(() => sink.got.length === 3, 20_000, 'two more files');
    const got = sink.got.find((m) => m.sourceRef === 'partial.eml');
    assert.equal(got?.raw.length, partial.length);
    assert.equal(got?.source, 'folder');
    assert.equal(got?.uid, null);

    const req = {
      source: 'folder' as const,
      mailbox: inbox,
      uidValidity: null,
      uid: null,
      messageIdHeader: null,
    };
    await source.settle({ ...req, sourceRef: 'before.eml', outcome: 'processed' });
    await source.settle({ ...req, sourceRef: 'later.eml', outcome: 'failed' });
    // Settling again (a retry after a crash) is harmless.
    await source.settle({ ...req, sourceRef: 'later.eml', outcome: 'failed' });
    assert.deepEqual(readdirSync(join(inbox, 'processed')), ['before.eml']);
    assert.deepEqual(readdirSync(join(inbox, 'failed')), ['later.eml']);
    assert.equal(existsSync(join(inbox, 'before.eml')), false);
    assert.equal(source.status().kind, 'folder');
    assert.ok(source.status().lastSuccessfulSyncAt);
  } finally {
    await source.stop();
  }

  // Dropped while stopped: picked up on the next start; a name already taken in processed/
  // gets a suffix instead of overwriting.
  writeFileSync(join(inbox, 'before.eml'), eml({ auth: 'B-2' }));
  const again = createFolderSource({
    inboxDir: inbox,
    pollIntervalMs: 500,
    logger: silentLogger,
    settleTimeMs: 50,
  });
  const sink2 = recordingSink();
  await again.start(sink2);
  try {
    await waitFor(() => sink2.got.length === 2, 20_000, 'both waiting files');
    assert.deepEqual(sink2.got.map((m) => m.sourceRef).sort(), ['before.eml', 'partial.eml']);
    const { delivered } = await again.syncNow();
    assert.equal(delivered, 0, 'files already delivered in this run are not read again');
    await again.settle({
      source: 'folder',
      mailbox: inbox,
      uidValidity: null,
      uid: null,
      messageIdHeader: null,
      sourceRef: 'before.eml',
      outcome: 'processed',
    });
    assert.deepEqual(readdirSync(join(inbox, 'processed')).sort(), ['before-2.eml', 'before.eml']);
  } finally {
    await again.stop();
  }
});

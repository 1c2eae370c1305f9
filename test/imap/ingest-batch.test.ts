// The IMAP backlog is stored in batches (one transaction per fetched batch). The UID progress
// never runs ahead of what is committed: kill -9 at random moments of a backlog loses no email
// and stores none twice; a batch the store refuses is stored one message at a time instead.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { createImapSource } from '../../src/adapters/imap/imap.source.js';
import { SyncStateRepository } from '../../src/adapters/sqlite/sync-state.repository.js';
import type { MailSource, MessageSink } from '../../src/core/mail.js';
import { EventBus } from '../../src/core/events.js';
import { silentLogger } from '../../src/core/logger.js';
import { createIngest } from '../../src/services/ingest.service.js';
import { Settler } from '../../src/services/settler.service.js';
import { createStore } from '../../src/services/store.js';
import { spawnTs } from '../support/child.js';
import { startDovecot, type DovecotInstance } from '../support/dovecot.js';
import { tempDir } from '../support/temp-dir.js';
import { email, imapConfig, tempDb, waitFor, type TempDb } from './imap-fixtures.js';

const CHILD = join(import.meta.dirname, 'ingest-batch-child.ts');
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

function realSink(db: TempDb['db']): MessageSink {
  const s = createStore(db, (v) => v);
  const settler = new Settler(s, () => null, silentLogger);
  return createIngest({
    store: s,
    settler,
    events: new EventBus(),
    logger: silentLogger,
    onStored: () => {},
  });
}

void test(
  'kill -9 at random points of a batched backlog: every email stored exactly once, progress never ahead',
  { timeout: 600_000 },
  async () => {
    const total = 500;
    await dovecot.deliverMany(Array.from({ length: total }, (_, i) => email(`batch ${i}`)));
    const dir = tempDir();
    const dbPath = join(dir.path, 'assistant.db');
    const conn = JSON.stringify({
      host: dovecot.host,
      port: dovecot.port,
      user: dovecot.user,
      password: dovecot.password,
    });
    const look = () => {
      const db = new Database(dbPath, { readonly: true, fileMustExist: true });
      try {
        const uids = (db.prepare('SELECT uid FROM messages').all() as { uid: number }[]).map(
          (r) => r.uid,
        );
        const last =
          (db.prepare('SELECT last_uid AS n FROM sync_state').get() as { n: number } | undefined)
            ?.n ?? 0;
        return { uids, last };
      } finally {
        db.close();
      }
    };
    try {
      let kills = 0;
      let finished = false;
      for (let round = 0; !finished && round < 30; round++) {
        const child = spawnTs(CHILD, [dbPath, conn], { cwd: dir.path, env: {} });
        if (kills < 3) {
          // Kill once a random share of the backlog is in: mid-batch, mid-commit, anywhere.
          const stored = () => {
            try {
              return look().uids.length;
            } catch {
              return 0;
            }
          };
          const target = stored() + 1 + Math.floor(Math.random() * 150);
          const exitedEarly = await Promise.race([
            child.exited.then(() => true),
            waitFor('part of the backlog', () => stored() >= target, 300_000).then(() => false),
          ]);
          if (!exitedEarly) {
            child.proc.kill('SIGKILL');
            await child.exited;
            kills++;
            const { uids, last } = look();
            // Progress covers only committed mail: every UID up to it is stored.
            const have = new Set(uids);
            for (let uid = 1; uid <= last; uid++) assert.ok(have.has(uid), `UID ${uid} ≤ ${last}`);
            assert.equal(have.size, uids.length, 'no UID stored twice');
            continue;
          }
        }
        const end = await child.exited;
        assert.equal(end.code, 0, child.stderr());
        finished = true;
      }
      assert.ok(finished, 'the child never completed a sync');
      assert.ok(kills >= 1, 'no kill landed during the backlog; nothing was tested');
      const { uids, last } = look();
      assert.equal(uids.length, total, 'every email stored once');
      assert.equal(new Set(uids).size, total);
      assert.equal(last, total);
    } finally {
      dir.cleanup();
    }
  },
);

void test('a batch the store refuses is stored one message at a time; progress follows', async () => {
  const total = 120;
  await dovecot.deliverMany(Array.from({ length: total }, (_, i) => email(`refused ${i}`)));
  store = tempDb();
  const real = realSink(store.db);
  const batches: number[] = [];
  let refusals = 0;
  const sink: MessageSink = {
    accept: (m) => real.accept(m),
    acceptBatch: async (ms) => {
      batches.push(ms.length);
      // Every other batch fails as a whole (nothing of it may be stored).
      if (batches.length % 2 === 1) {
        refusals++;
        throw new Error('disk I/O error');
      }
      return real.acceptBatch!(ms);
    },
  };
  source = createImapSource({
    config: imapConfig(dovecot),
    db: store.db,
    logger: silentLogger,
    events: new EventBus(),
  });
  await source.start(sink);
  await waitFor('the backlog', () => {
    const n = store!.db.prepare('SELECT COUNT(*) AS n FROM messages').get() as { n: number };
    return n.n === total;
  });
  const rows = store.db.prepare('SELECT uid FROM messages').all() as { uid: number }[];
  assert.equal(new Set(rows.map((r) => r.uid)).size, total);
  assert.equal(new SyncStateRepository(store.db).get('imap', 'INBOX')?.lastUid, total);
  assert.ok(
    batches.every((n) => n <= 64),
    `batches bounded: ${batches.join(',')}`,
  );
  assert.ok(refusals > 0, 'no batch was stored: nothing was tested');
});

// kill -9 of a real `serve` or `run --once` child at random points while it works through a few hundred
// emails, restarted until it completes: the final state must equal an uninterrupted run's, and
// no external effect may be repeated except a call that was in flight at a kill.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { spawnTs, ENTRY } from '../support/child.js';
import { startLedgerVendor, type LedgerVendor } from '../support/ledger-vendor.js';
import { fillInbox } from '../support/mixed-inbox.js';
import { snapshot } from '../support/store-snapshot.js';
import { tempDir, waitFor } from '../support/temp-dir.js';

const COUNT = 300;
const CONCURRENCY = 4;
let dirs: ReturnType<typeof tempDir>[] = [];
let vendors: LedgerVendor[] = [];
before(() => {
  dirs = [tempDir(), tempDir()];
});
after(async () => {
  for (const d of dirs) d.cleanup();
  for (const v of vendors) await v.close();
});

function env(vendor: LedgerVendor): Record<string, string> {
  return {
    LEDGER_URL: vendor.url,
    TEST_ACTION_DELAY_MS: '20',
    PIPELINE_CONCURRENCY: String(CONCURRENCY),
    SQLITE_DB_PATH: 'data/assistant.db',
    INBOX_DIR: 'inbox',
    LOG_LEVEL: 'WARNING',
  };
}

void it(
  'ends in the same state after random kill -9s as after an uninterrupted run',
  { timeout: 900_000 },
  async () => {
    const [plain, killed] = dirs as [ReturnType<typeof tempDir>, ReturnType<typeof tempDir>];
    const v1 = await startLedgerVendor();
    const v2 = await startLedgerVendor();
    vendors = [v1, v2];
    fillInbox(join(plain.path, 'inbox'), COUNT);
    fillInbox(join(killed.path, 'inbox'), COUNT);

    const reference = spawnTs(ENTRY, ['run'], { cwd: plain.path, env: env(v1) });
    const ref = await reference.exited;
    assert.equal(ref.code, 0, reference.stderr() + reference.stdout());
    assert.ok(
      [...v1.calls.values()].every((n) => n === 1),
      'an uninterrupted run calls each key once',
    );

    let kills = 0;
    const midRun: number[] = [];
    let finished = false;
    for (let round = 0; !finished && round < 40; round++) {
      // Alternate between `serve` and `run --once` while killing; the last run completes.
      const mode = kills < 6 && round % 2 === 1 ? 'serve' : 'run';
      const child = spawnTs(ENTRY, [mode], { cwd: killed.path, env: env(v2) });
      let exited = false;
      void child.exited.then(() => (exited = true));
      if (kills < 6) {
        // Start-up time varies a lot on a loaded machine: aim the kill at a random instant after
        // the child has begun to work.
        const dbPath = join(killed.path, 'data/assistant.db');
        const startCount = finishedCount(dbPath);
        await waitFor(() => exited || storedCount(dbPath) > 0, 120_000, 'the child to start');
        await waitFor(
          () => exited || finishedCount(dbPath) > startCount || startCount === COUNT,
          120_000,
          'progress',
        );
        // A short random delay: a faster pipeline must still be caught mid-work.
        await new Promise((r) => setTimeout(r, Math.random() * 300));
        if (!exited) child.proc.kill('SIGKILL');
      }
      const result = await child.exited;
      if (result.signal === 'SIGKILL') {
        kills++;
        midRun.push(finishedCount(join(killed.path, 'data/assistant.db')));
      } else {
        assert.equal(result.code, 0, child.stderr() + child.stdout());
        finished = true;
      }
    }
    assert.ok(finished, 'the run completes after restarts');
    assert.ok(kills >= 3, `killed ${kills} times`);
    // The kills landed while emails were being worked on, not only before or after.
    assert.ok(
      midRun.filter((n) => n > 0 && n < COUNT).length >= 2,
      `finished emails at each kill: ${midRun.join(', ')}`,
    );

    const a = snapshot(join(plain.path, 'data/assistant.db'), join(plain.path, 'inbox'));
    const b = snapshot(join(killed.path, 'data/assistant.db'), join(killed.path, 'inbox'));
    assert.equal(Object.keys(a.messages).length, COUNT);
    assert.deepEqual(b, a);
    // Everything the vendor made, it made once; repeats are only calls cut off by a kill.
    assert.deepEqual([...v2.created].sort(), [...v1.created].sort());
    const repeats = [...v2.calls.values()].reduce((s, n) => s + n - 1, 0);
    assert.ok(repeats <= kills * CONCURRENCY, `${repeats} repeated calls for ${kills} kills`);

    // A further run does nothing new.
    const again = spawnTs(ENTRY, ['run'], { cwd: killed.path, env: env(v2) });
    const last = await again.exited;
    assert.equal(last.code, 0);
    assert.match(again.stdout(), /processed 0 emails/);
  },
);

function storedCount(dbPath: string): number {
  return count(dbPath, `SELECT COUNT(*) AS n FROM messages`);
}

function finishedCount(dbPath: string): number {
  return count(dbPath, `SELECT COUNT(*) AS n FROM messages WHERE state = 'finished'`);
}

function count(dbPath: string, sql: string): number {
  if (!existsSync(dbPath)) return 0;
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } catch {
    return 0; // not migrated yet
  } finally {
    db.close();
  }
}

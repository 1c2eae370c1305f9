// The dispatcher's work list (ActionRepository.listRunnable) on a backlog-sized outbox: the
// oldest pending actions whose dependencies are all terminal, in id order, at most `limit`,
// never one with an open dependency or a retry time still to come — and found through the
// pending-order index, so a pump does not check every pending action.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { closeDatabase, openDatabase } from '../../src/adapters/sqlite/database.js';
import { ActionRepository } from '../../src/adapters/sqlite/action.repository.js';
import type { ActionType } from '../../src/core/actions.js';
import { tempDir } from '../support/temp-dir.js';

void test('listRunnable: oldest runnable first, open dependencies and future retries excluded', () => {
  const dir = tempDir();
  const db = openDatabase(join(dir.path, 'a.db'));
  try {
    const now = new Date().toISOString();
    const msg = db.prepare(
      `INSERT INTO messages (source, mailbox, source_ref, content_hash, size, received_at, state,
         created_at, updated_at) VALUES ('folder', 'inbox', ?, ?, 1, ?, 'planned', ?, ?)`,
    );
    const auth = db.prepare(
      `INSERT INTO authorizations (message_id, kind, status, extracted_json, fields_json,
         time_zone, created_at, updated_at) VALUES (?, 'new', 'queued', '{}', '{}', 'UTC', ?, ?)`,
    );
    const repo = new ActionRepository(db);
    // 600 authorizations, each a chain: client → invoice → webhook (depends on both).
    const chains: { client: number; invoice: number; notify: number }[] = [];
    for (let i = 0; i < 600; i++) {
      const m = Number(msg.run(`m${i}`, `h${i}`, now, now, now).lastInsertRowid);
      const a = Number(auth.run(m, now, now).lastInsertRowid);
      const k = (t: string) => `${t}|${i}`;
      const plan = (type: ActionType, key: string, dependsOn: string[]) => ({
        type,
        idempotencyKey: key,
        dependsOn,
        payload: {},
      });
      repo.insertPlanned(a, [
        plan('invoiceninja.ensure_client', k('c'), []),
        plan('invoiceninja.create_invoice', k('i'), [k('c')]),
        plan('webhook.notify', k('n'), [k('c'), k('i')]),
      ]);
      const ids = repo.listForAuthorization(a).map((x) => x.id);
      chains.push({ client: ids[0]!, invoice: ids[1]!, notify: ids[2]! });
    }
    const runnable = (limit: number) => repo.listRunnable(new Date().toISOString(), limit);

    // Only dependency-free actions can run: the clients, oldest first.
    assert.deepEqual(
      runnable(4).map((a) => a.id),
      chains.slice(0, 4).map((c) => c.client),
    );
    // Chain 0: client running → its invoice and webhook wait.
    repo.markRunning(chains[0]!.client);
    assert.deepEqual(
      runnable(2).map((a) => a.id),
      [chains[1]!.client, chains[2]!.client],
    );
    // Client done → the invoice runs; the webhook still waits for the invoice.
    repo.finish(chains[0]!.client, 'done', { result: { id: 'c0' } });
    assert.equal(runnable(1)[0]?.id, chains[0]!.invoice);
    repo.markRunning(chains[0]!.invoice);
    repo.finish(chains[0]!.invoice, 'failed', { error: 'refused' });
    // A failed dependency is terminal: the webhook (which reports the failure) may run.
    assert.equal(runnable(1)[0]?.id, chains[0]!.notify);
    // A retry in the future is not runnable yet.
    const later = new Date(Date.now() + 3_600_000).toISOString();
    repo.markRunning(chains[0]!.notify);
    repo.scheduleRetry(chains[0]!.notify, later, 'timeout', 'NET_TIMEOUT');
    assert.equal(runnable(1)[0]?.id, chains[1]!.client);

    // Whatever the limit, nothing returned has an open dependency.
    const status = new Map(
      (
        db.prepare('SELECT idempotency_key AS k, status AS s FROM actions').all() as {
          k: string;
          s: string;
        }[]
      ).map((r) => [r.k, r.s]),
    );
    const all = runnable(10_000);
    assert.equal(all.length, 599, 'the other 599 clients');
    for (const a of all) {
      for (const d of a.dependsOn)
        assert.ok(['done', 'failed', 'skipped'].includes(status.get(d)!));
    }
    // The pump walks the pending index in id order and stops at the limit (no sort of them all).
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT * FROM actions a INDEXED BY actions_pending_order
           WHERE a.status = 'pending' ORDER BY a.id LIMIT 4`,
      )
      .all() as { detail: string }[];
    assert.ok(plan.some((p) => p.detail.includes('actions_pending_order')));
    assert.ok(!plan.some((p) => p.detail.includes('TEMP B-TREE')));
  } finally {
    closeDatabase(db);
    dir.cleanup();
  }
});

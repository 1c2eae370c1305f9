// The final state of a run, without ids and times, so two runs can be compared: what became of
// each email (by content hash), each authorization, each action, and where each file went.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export interface Snapshot {
  messages: Record<string, string>;
  authorizations: string[];
  actions: Record<string, string>;
  files: { inbox: string[]; processed: string[]; failed: string[] };
}

export function snapshot(dbPath: string, inboxDir: string): Snapshot {
  const db = new Database(dbPath, { readonly: true });
  try {
    const messages: Record<string, string> = {};
    for (const m of db
      .prepare(`SELECT content_hash, state, outcome, settle_status, error FROM messages`)
      .all() as Record<string, string | null>[]) {
      messages[m.content_hash as string] =
        `${m.state}/${m.outcome}/${m.settle_status}/${m.error ?? ''}`;
    }
    const authorizations = (
      db
        .prepare(
          `SELECT m.content_hash AS h, a.status, a.kind, a.generation, a.auth_key FROM authorizations a
           JOIN messages m ON m.id = a.message_id`,
        )
        .all() as Record<string, string | number>[]
    )
      .map((a) => `${a.h}:${a.status}:${a.kind}:${a.generation}:${a.auth_key}`)
      .sort();
    const actions: Record<string, string> = {};
    for (const a of db.prepare(`SELECT idempotency_key, status FROM actions`).all() as Record<
      string,
      string
    >[]) {
      actions[a.idempotency_key as string] = a.status as string;
    }
    const list = (d: string) =>
      existsSync(d)
        ? readdirSync(d)
            .filter((n) => n.endsWith('.eml'))
            .sort()
        : [];
    return {
      messages,
      authorizations,
      actions,
      files: {
        inbox: list(inboxDir),
        processed: list(join(inboxDir, 'processed')),
        failed: list(join(inboxDir, 'failed')),
      },
    };
  } finally {
    db.close();
  }
}

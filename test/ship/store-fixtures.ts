// Rows for the ship tests, written straight into a real SQLite file with the v1 schema:
// a message (optionally finished), its authorization, one outbox action, log lines.
import type { Db } from '../../src/adapters/sqlite/database.js';

export interface MessageFixture {
  state?: string;
  outcome?: string | null;
  finishedAt?: string | null;
  updatedAt?: string;
  raw?: Buffer | null;
  authorizationStatus?: string | null;
}

let seq = 0;

export function insertMessage(db: Db, f: MessageFixture = {}): number {
  seq += 1;
  const now = f.updatedAt ?? '2026-01-01T00:00:00.000Z';
  const raw =
    f.raw === undefined ? Buffer.from(`Subject: test ${seq}\r\n\r\nbody ${seq}\r\n`) : f.raw;
  const id = Number(
    db
      .prepare(
        `INSERT INTO messages (source, mailbox, source_ref, content_hash, size, raw, subject,
           received_at, state, outcome, created_at, updated_at, finished_at)
         VALUES ('folder', '/inbox', @ref, @hash, @size, @raw, @subject, @now, @state, @outcome,
           @now, @now, @finishedAt)`,
      )
      .run({
        ref: `m${seq}.eml`,
        hash: `hash-${seq}-${Math.random()}`,
        size: raw?.length ?? 0,
        raw,
        subject: `test ${seq}`,
        now,
        state: f.state ?? 'finished',
        outcome: f.outcome === undefined ? 'authorization' : f.outcome,
        finishedAt: f.finishedAt === undefined ? now : f.finishedAt,
      }).lastInsertRowid,
  );
  if (f.authorizationStatus) {
    const authId = Number(
      db
        .prepare(
          `INSERT INTO authorizations (message_id, auth_key, authorization_number, kind, status,
             extracted_json, fields_json, time_zone, created_at, updated_at)
           VALUES (?, ?, ?, 'new', ?, '{}', '{}', 'America/Chicago', ?, ?)`,
        )
        .run(id, `key-${seq}`, `A-${seq}`, f.authorizationStatus, now, now).lastInsertRowid,
    );
    db.prepare(
      `INSERT INTO actions (authorization_id, type, idempotency_key, status, created_at, updated_at)
       VALUES (?, 'invoice.create', ?, 'done', ?, ?)`,
    ).run(authId, `invoice:${seq}`, now, now);
  }
  return id;
}

export function insertLog(db: Db, timestamp: string): void {
  db.prepare(
    `INSERT INTO event_logs (timestamp, event_type, message, level) VALUES (?, 'test.event', 'x', 'info')`,
  ).run(timestamp);
}

export const countRows = (db: Db, table: string): number =>
  (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

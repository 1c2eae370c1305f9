// The `messages` table: every message a source delivered, its raw bytes, and where it is in the
// pipeline. Owns the de-duplication rules (same IMAP place, same bytes, same Message-ID) so that
// nothing is ever dropped and nothing is processed twice.
import { createHash } from 'node:crypto';
import type { ExtractionRecord } from '../../core/extraction-record.js';
import type { AcceptResult, IncomingMessage, SourceKind } from '../../core/mail.js';
import type { Statement } from 'better-sqlite3';
import { nowIso, type Db } from './database.js';

export type MessageState =
  'stored' | 'parsed' | 'classified' | 'extracted' | 'planned' | 'finished';
export type MessageOutcome = 'ignored' | 'authorization' | 'needs_review' | 'failed' | 'duplicate';
export type SettleStatus = 'pending' | 'done' | 'not_needed' | 'failed';

export interface HeaderSummary {
  messageId: string | null;
  subject: string | null;
  from: string | null;
  date: string | null;
}

export interface StoredMessage {
  id: number;
  source: SourceKind;
  mailbox: string;
  uidValidity: number | null;
  uid: number | null;
  sourceRef: string;
  messageIdHeader: string | null;
  contentHash: string;
  size: number;
  subject: string | null;
  fromAddress: string | null;
  receivedAt: string;
  state: MessageState;
  outcome: MessageOutcome | null;
  error: string | null;
  duplicateOf: number | null;
  attempts: number;
  settleStatus: SettleStatus | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface StoreResult extends AcceptResult {
  /** Set when the message was re-seen at a new place after it had been settled. */
  needsResettle: boolean;
  duplicateOf: number | null;
}

interface Row {
  id: number;
  source: SourceKind;
  mailbox: string;
  uid_validity: number | null;
  uid: number | null;
  source_ref: string;
  message_id: string | null;
  content_hash: string;
  size: number;
  subject: string | null;
  from_address: string | null;
  received_at: string;
  state: MessageState;
  outcome: MessageOutcome | null;
  error: string | null;
  duplicate_of: number | null;
  attempts: number;
  settle_status: SettleStatus | null;
  created_at: string;
  finished_at: string | null;
}

const COLUMNS = `id, source, mailbox, uid_validity, uid, source_ref, message_id, content_hash, size,
  subject, from_address, received_at, state, outcome, error, duplicate_of, attempts, settle_status,
  created_at, finished_at`;

function toMessage(r: Row): StoredMessage {
  return {
    id: r.id,
    source: r.source,
    mailbox: r.mailbox,
    uidValidity: r.uid_validity,
    uid: r.uid,
    sourceRef: r.source_ref,
    messageIdHeader: r.message_id,
    contentHash: r.content_hash,
    size: r.size,
    subject: r.subject,
    fromAddress: r.from_address,
    receivedAt: r.received_at,
    state: r.state,
    outcome: r.outcome,
    error: r.error,
    duplicateOf: r.duplicate_of,
    attempts: r.attempts,
    settleStatus: r.settle_status,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  };
}

export const sha256Hex = (raw: Buffer): string => createHash('sha256').update(raw).digest('hex');

export class MessageRepository {
  /** Prepared once per SQL text: preparing is the dominant cost at a few thousand emails. */
  private readonly statements = new Map<string, Statement>();
  private inTransaction(fn: () => StoreResult): StoreResult {
    this.runner ??= this.db.transaction((f: () => StoreResult) => f());
    return this.runner(fn);
  }
  private runner: ((fn: () => StoreResult) => StoreResult) | null = null;

  private sql(text: string): Statement {
    let stmt = this.statements.get(text);
    if (!stmt) this.statements.set(text, (stmt = this.db.prepare(text)));
    return stmt;
  }

  constructor(
    private readonly db: Db,
    /** Removes secrets from free text (errors) before it is stored. */
    private readonly scrub: (value: unknown) => unknown = (v) => v,
  ) {}

  private text(value: string | null): string | null {
    return value === null ? null : String(this.scrub(value));
  }

  /** Stores a delivered message durably (one transaction) and says whether it is new. */
  store(msg: IncomingMessage, headers: HeaderSummary): StoreResult {
    const hash = sha256Hex(msg.raw);
    return this.inTransaction(() => this.storeHashed(msg, headers, hash));
  }

  /**
   * store() without a transaction of its own, for a caller that stores several messages (and
   * what goes with them) in one transaction it holds: one commit per batch instead of per email.
   */
  storeWithinTransaction(msg: IncomingMessage, headers: HeaderSummary): StoreResult {
    if (!this.db.inTransaction) throw new Error('storeWithinTransaction needs an open transaction');
    return this.storeHashed(msg, headers, sha256Hex(msg.raw));
  }

  private storeHashed(msg: IncomingMessage, headers: HeaderSummary, hash: string): StoreResult {
    if (msg.uid !== null) {
      const same = this.sql(
        `SELECT id FROM messages WHERE mailbox = ? AND uid_validity IS ? AND uid = ?`,
      ).get(msg.mailbox, msg.uidValidity, msg.uid) as { id: number } | undefined;
      if (same)
        return { messageId: same.id, isNew: false, needsResettle: false, duplicateOf: null };
    }
    const seen = this.sql(
      `SELECT id, source_ref, uid, uid_validity, settle_status FROM messages
         WHERE source = ? AND content_hash = ? ORDER BY id LIMIT 1`,
    ).get(msg.source, hash) as
      | { id: number; source_ref: string; uid: number | null; settle_status: SettleStatus | null }
      | undefined;
    if (seen) {
      // Same bytes again: at a new place (UIDVALIDITY change, a copy of the file) follow it so
      // it can still be settled; if it had been settled already, it is back and settles again.
      const moved = seen.source_ref !== msg.sourceRef || seen.uid !== msg.uid;
      const resettle = seen.settle_status === 'done' || seen.settle_status === 'failed';
      if (moved || resettle) {
        this.sql(
          `UPDATE messages SET mailbox = ?, uid_validity = ?, uid = ?, source_ref = ?,
             settle_status = CASE WHEN ? THEN 'pending' ELSE settle_status END, updated_at = ?
             WHERE id = ?`,
        ).run(
          msg.mailbox,
          msg.uidValidity,
          msg.uid,
          msg.sourceRef,
          resettle ? 1 : 0,
          nowIso(),
          seen.id,
        );
      }
      return { messageId: seen.id, isNew: false, needsResettle: resettle, duplicateOf: null };
    }
    let duplicateOf: number | null = null;
    if (headers.messageId) {
      const original = this.sql(
        `SELECT id FROM messages WHERE message_id = ? AND outcome IS NOT 'duplicate' ORDER BY id LIMIT 1`,
      ).get(headers.messageId) as { id: number } | undefined;
      duplicateOf = original?.id ?? null;
    }
    const now = nowIso();
    const info = this.sql(
      `INSERT INTO messages (source, mailbox, uid_validity, uid, source_ref, message_id,
           content_hash, size, raw, subject, from_address, date_header, received_at, state,
           outcome, error, duplicate_of, settle_status, created_at, updated_at, finished_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      msg.source,
      msg.mailbox,
      msg.uidValidity,
      msg.uid,
      msg.sourceRef,
      headers.messageId,
      hash,
      msg.raw.length,
      msg.raw,
      headers.subject,
      headers.from,
      headers.date,
      msg.receivedAt.toISOString(),
      duplicateOf === null ? 'stored' : 'finished',
      duplicateOf === null ? null : 'duplicate',
      duplicateOf === null
        ? null
        : `same Message-ID as message ${duplicateOf} with different content`,
      duplicateOf,
      null,
      now,
      now,
      duplicateOf === null ? null : now,
    );
    return {
      messageId: Number(info.lastInsertRowid),
      isNew: true,
      needsResettle: false,
      duplicateOf,
    };
  }

  get(id: number): StoredMessage | null {
    const row = this.sql(`SELECT ${COLUMNS} FROM messages WHERE id = ?`).get(id) as Row | undefined;
    return row ? toMessage(row) : null;
  }

  getRaw(id: number): Buffer | null {
    const row = this.sql(`SELECT raw FROM messages WHERE id = ?`).get(id) as
      { raw: Buffer | null } | undefined;
    return row?.raw ?? null;
  }

  getExtraction(id: number): ExtractionRecord | null {
    const row = this.sql(`SELECT extraction_json FROM messages WHERE id = ?`).get(id) as
      { extraction_json: string | null } | undefined;
    return row?.extraction_json ? (JSON.parse(row.extraction_json) as ExtractionRecord) : null;
  }

  /** Messages not finished yet, oldest first: the pipeline's work list. */
  listUnfinished(
    limit = 1000,
  ): { id: number; state: MessageState; size: number; attempts: number }[] {
    return this.sql(
      `SELECT id, state, size, attempts FROM messages WHERE state != 'finished' ORDER BY id LIMIT ?`,
    ).all(limit) as { id: number; state: MessageState; size: number; attempts: number }[];
  }

  /** Emails in the given states, oldest first. */
  listInStates(
    states: readonly MessageState[],
    limit: number,
  ): { id: number; state: MessageState; size: number }[] {
    // One indexed query per state (rows come in id order, no sort), merged.
    const stmt = this.sql(
      `SELECT id, state, size FROM messages WHERE state = ? ORDER BY id LIMIT ?`,
    );
    const rows = states.flatMap(
      (s) => stmt.all(s, limit) as { id: number; state: MessageState; size: number }[],
    );
    return states.length > 1 ? rows.sort((a, b) => a.id - b.id).slice(0, limit) : rows;
  }

  countUnfinished(): number {
    return (
      this.sql(`SELECT COUNT(*) AS n FROM messages WHERE state != 'finished'`).get() as {
        n: number;
      }
    ).n;
  }

  /** Records what extraction read: the summary columns and the record, in one write. */
  setExtracted(id: number, record: ExtractionRecord): void {
    this.sql(
      `UPDATE messages SET state = 'extracted', extraction_json = ?, subject = COALESCE(?, subject),
         from_address = COALESCE(?, from_address), date_header = COALESCE(?, date_header), updated_at = ?
         WHERE id = ?`,
    ).run(
      JSON.stringify(record),
      record.email.subject,
      record.email.from,
      record.email.date,
      nowIso(),
      id,
    );
  }

  setState(id: number, state: MessageState): void {
    this.sql(`UPDATE messages SET state = ?, updated_at = ? WHERE id = ?`).run(state, nowIso(), id);
  }

  finish(id: number, outcome: MessageOutcome, error: string | null, settle: SettleStatus): void {
    const now = nowIso();
    this.sql(
      `UPDATE messages SET state = 'finished', outcome = ?, error = ?, settle_status = ?,
         finished_at = ?, updated_at = ? WHERE id = ?`,
    ).run(outcome, this.text(error), settle, now, now, id);
  }

  /** Counts a failed attempt (planner down …); returns the attempts so far. */
  addAttempt(id: number, error: string): number {
    this.sql(
      `UPDATE messages SET attempts = attempts + 1, error = ?, updated_at = ? WHERE id = ?`,
    ).run(this.text(error), nowIso(), id);
    return (this.sql(`SELECT attempts FROM messages WHERE id = ?`).get(id) as { attempts: number })
      .attempts;
  }

  /** Finished messages whose settling is outstanding (pending, or failed earlier). */
  listToSettle(source: SourceKind): StoredMessage[] {
    return (
      this.sql(
        `SELECT ${COLUMNS} FROM messages WHERE source = ? AND state = 'finished'
           AND settle_status IN ('pending', 'failed') ORDER BY id`,
      ).all(source) as Row[]
    ).map(toMessage);
  }

  setSettled(id: number, status: SettleStatus, error: string | null): void {
    this.sql(
      `UPDATE messages SET settle_status = ?, settle_error = ?, updated_at = ? WHERE id = ?`,
    ).run(status, this.text(error), nowIso(), id);
  }

  /** Sends a message through extraction again. */
  resetForReprocessing(id: number): void {
    this.sql(
      `UPDATE messages SET state = 'stored', outcome = NULL, error = NULL, extraction_json = NULL,
         duplicate_of = NULL, attempts = 0, finished_at = NULL, updated_at = ? WHERE id = ?`,
    ).run(nowIso(), id);
  }
}

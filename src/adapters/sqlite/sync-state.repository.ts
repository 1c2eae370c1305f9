// The `sync_state` table: per source and mailbox, the UIDVALIDITY and the highest UID whose
// message (and every one before it) the sink has stored, plus when the first sync began and
// when a sync last completed. A source's progress lives here and nowhere else (never \Seen).
import type { SourceKind } from '../../core/mail.js';
import { nowIso, type Db } from './database.js';

export interface SyncState {
  source: SourceKind;
  mailbox: string;
  uidValidity: number | null;
  lastUid: number;
  /** When the very first sync of this mailbox began: the backlog window is counted from it. */
  firstSyncAt: string | null;
  /** When a sync last completed with every message found stored; null until the first one. */
  lastSyncAt: string | null;
}

interface Row {
  source: SourceKind;
  mailbox: string;
  uid_validity: number | null;
  last_uid: number;
  first_sync_at: string | null;
  last_sync_at: string | null;
}

export class SyncStateRepository {
  constructor(private readonly db: Db) {}

  get(source: SourceKind, mailbox: string): SyncState | null {
    const row = this.db
      .prepare('SELECT * FROM sync_state WHERE source = ? AND mailbox = ?')
      .get(source, mailbox) as Row | undefined;
    return row
      ? {
          source: row.source,
          mailbox: row.mailbox,
          uidValidity: row.uid_validity,
          lastUid: row.last_uid,
          firstSyncAt: row.first_sync_at,
          lastSyncAt: row.last_sync_at,
        }
      : null;
  }

  /** Creates the row on the first sync (recording when it began); returns the state. */
  begin(source: SourceKind, mailbox: string, uidValidity: number): SyncState {
    this.db
      .prepare(
        `INSERT INTO sync_state (source, mailbox, uid_validity, last_uid, first_sync_at)
         VALUES (?, ?, ?, 0, ?) ON CONFLICT (source, mailbox) DO NOTHING`,
      )
      .run(source, mailbox, uidValidity, nowIso());
    return this.get(source, mailbox)!;
  }

  /**
   * The mailbox has a new UIDVALIDITY: start again from UID 0 and forget that a sync completed,
   * so the next pass applies the original backlog window again.
   */
  resetUidValidity(source: SourceKind, mailbox: string, uidValidity: number): SyncState {
    this.db
      .prepare(
        `UPDATE sync_state SET uid_validity = ?, last_uid = 0, last_sync_at = NULL
         WHERE source = ? AND mailbox = ?`,
      )
      .run(uidValidity, source, mailbox);
    return this.get(source, mailbox)!;
  }

  /** Moves the progress marker forward (never backward) under the given UIDVALIDITY. */
  advance(source: SourceKind, mailbox: string, uidValidity: number, lastUid: number): void {
    this.db
      .prepare(
        `UPDATE sync_state SET last_uid = MAX(last_uid, ?)
         WHERE source = ? AND mailbox = ? AND uid_validity = ?`,
      )
      .run(lastUid, source, mailbox, uidValidity);
  }

  /** Records a sync that stored everything it found. */
  markCompleted(source: SourceKind, mailbox: string, uidValidity: number, at = nowIso()): void {
    this.db
      .prepare(
        `UPDATE sync_state SET last_sync_at = ? WHERE source = ? AND mailbox = ? AND uid_validity = ?`,
      )
      .run(at, source, mailbox, uidValidity);
  }
}

// RETENTION_DAYS: forgets what is no longer needed — the raw bytes of emails finished long ago
// and old log lines — while keeping authorizations, the outbox (what was sent, to whom, with
// which result) and each message's summary row, so the record of money and services survives.
import type { Db } from '../adapters/sqlite/database.js';

export interface RetentionOptions {
  /** 0 (or less) keeps everything. */
  retentionDays: number;
  now?: Date;
}

export interface RetentionResult {
  rawBodiesPurged: number;
  logsPurged: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Purges in one transaction. A raw body is dropped only when its message is finished (every
 * action done or failed for good) and it is not waiting in the review queue, where the person
 * reviewing may still want to read the original email.
 */
export function purgeExpired(db: Db, options: RetentionOptions): RetentionResult {
  if (!(options.retentionDays > 0)) return { rawBodiesPurged: 0, logsPurged: 0 };
  const now = options.now ?? new Date();
  // Stored times are ISO 8601 UTC strings of one shape, so string order is time order.
  const cutoff = new Date(now.getTime() - options.retentionDays * DAY_MS).toISOString();

  const purgeRaw = db.prepare(`
    UPDATE messages SET raw = NULL
     WHERE raw IS NOT NULL
       AND state = 'finished'
       AND COALESCE(finished_at, updated_at) < @cutoff
       AND NOT EXISTS (
         SELECT 1 FROM authorizations a
          WHERE a.message_id = messages.id AND a.status = 'needs_review')`);
  const purgeLogs = db.prepare('DELETE FROM event_logs WHERE timestamp < @cutoff');

  return db.transaction(() => ({
    rawBodiesPurged: purgeRaw.run({ cutoff }).changes,
    logsPurged: purgeLogs.run({ cutoff }).changes,
  }))();
}

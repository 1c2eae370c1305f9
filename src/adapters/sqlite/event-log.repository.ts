// The seed's `event_logs` table (id, timestamp, event_type, message, details) plus a level:
// the durable record of notable events, written by the logging adapter.
import { nowIso, type Db } from './database.js';

export interface EventLogEntry {
  level: string;
  eventType: string;
  message: string;
  /** Already redacted; stored as JSON. */
  details: Record<string, unknown> | null;
}

export class EventLogRepository {
  private readonly insertStmt;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO event_logs (timestamp, event_type, message, details, level) VALUES (?, ?, ?, ?, ?)`,
    );
  }

  insert(entry: EventLogEntry, timestamp: string = nowIso()): void {
    if (!this.db.open) return;
    this.insertStmt.run(
      timestamp,
      entry.eventType,
      entry.message,
      entry.details === null ? null : JSON.stringify(entry.details),
      entry.level,
    );
  }
}

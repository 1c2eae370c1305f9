// The `actions` table: the outbox of external effects. Planned actions are inserted by
// idempotency key (planning twice yields one row); the dispatcher moves each through
// pending → running → done | skipped | failed, with attempts and what came back.
import type {
  ActionRecord,
  ActionStatus,
  ActionType,
  DependencyOutcome,
  PlannedAction,
} from '../../core/actions.js';
import type { Statement } from 'better-sqlite3';
import { nowIso, type Db } from './database.js';

interface Row {
  id: number;
  authorization_id: number;
  type: ActionType;
  idempotency_key: string;
  depends_on_json: string;
  status: ActionStatus;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  last_error_code: string | null;
  payload_json: string;
  request_json: string | null;
  result_json: string | null;
  created_at: string;
  updated_at: string;
}

const parse = <T>(text: string | null, fallback: T): T =>
  text === null ? fallback : (JSON.parse(text) as T);

function toRecord(r: Row): ActionRecord {
  return {
    id: r.id,
    authorizationId: r.authorization_id,
    type: r.type,
    idempotencyKey: r.idempotency_key,
    dependsOn: parse<string[]>(r.depends_on_json, []),
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    lastErrorCode: r.last_error_code,
    payload: parse<Record<string, unknown>>(r.payload_json, {}),
    request: parse<unknown>(r.request_json, null),
    result: parse<Record<string, unknown> | null>(r.result_json, null),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export const TERMINAL_STATUSES: readonly ActionStatus[] = ['done', 'failed', 'skipped'];
export const isTerminal = (s: ActionStatus): boolean => TERMINAL_STATUSES.includes(s);

/** Returns a copy of a value with secrets removed, applied before anything is stored. */
export type Scrubber = (value: unknown) => unknown;

export class ActionRepository {
  constructor(
    private readonly db: Db,
    private readonly scrub: Scrubber = (v) => v,
  ) {}

  /** Prepared once per SQL text: preparing is the dominant cost at a few thousand emails. */
  private readonly statements = new Map<string, Statement>();
  private sql(text: string): Statement {
    let stmt = this.statements.get(text);
    if (!stmt) this.statements.set(text, (stmt = this.db.prepare(text)));
    return stmt;
  }

  private text(value: string | null | undefined): string | null {
    return value === null || value === undefined ? null : String(this.scrub(value));
  }

  private json(value: unknown): string | null {
    return value === undefined ? null : JSON.stringify(this.scrub(value));
  }

  /** Inserts planned actions; an idempotency key already present is left as it is. */
  insertPlanned(authorizationId: number, planned: readonly PlannedAction[]): number {
    const stmt = this.sql(
      `INSERT OR IGNORE INTO actions (authorization_id, type, idempotency_key, depends_on_json,
         payload_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const now = nowIso();
    let inserted = 0;
    for (const a of planned) {
      inserted += stmt.run(
        authorizationId,
        a.type,
        a.idempotencyKey,
        JSON.stringify(a.dependsOn),
        this.json(a.payload) ?? '{}',
        now,
        now,
      ).changes;
    }
    return inserted;
  }

  get(id: number): ActionRecord | null {
    const r = this.sql(`SELECT * FROM actions WHERE id = ?`).get(id) as Row | undefined;
    return r ? toRecord(r) : null;
  }

  /**
   * Pending actions whose retry time has come and whose dependencies are all terminal (a
   * dependency key that does not exist is ignored), oldest first. Walks the pending index in
   * id order so it stops at `limit` instead of checking and sorting every pending action.
   */
  listRunnable(now: string, limit: number): ActionRecord[] {
    return (
      this.sql(
        `SELECT * FROM actions a INDEXED BY actions_pending_order WHERE a.status = 'pending'
           AND (a.next_attempt_at IS NULL OR a.next_attempt_at <= ?)
           AND NOT EXISTS (
             SELECT 1 FROM json_each(a.depends_on_json) d
             JOIN actions b ON b.idempotency_key = d.value
             WHERE b.status NOT IN ('done', 'failed', 'skipped'))
         ORDER BY a.id LIMIT ?`,
      ).all(now, limit) as Row[]
    ).map(toRecord);
  }

  /** The earliest retry time among pending actions, if any is waiting. */
  nextAttemptAt(): string | null {
    const r = this.sql(
      `SELECT MIN(next_attempt_at) AS t FROM actions WHERE status = 'pending' AND next_attempt_at IS NOT NULL`,
    ).get() as { t: string | null };
    return r.t;
  }

  dependencyOutcomes(keys: readonly string[]): Map<string, DependencyOutcome> {
    const out = new Map<string, DependencyOutcome>();
    const stmt = this.sql(
      `SELECT type, status, result_json, last_error FROM actions WHERE idempotency_key = ?`,
    );
    for (const key of keys) {
      const r = stmt.get(key) as
        Pick<Row, 'type' | 'status' | 'result_json' | 'last_error'> | undefined;
      if (!r) continue;
      out.set(key, {
        type: r.type,
        status: r.status,
        result: parse<Record<string, unknown> | null>(r.result_json, null),
        lastError: r.last_error,
      });
    }
    return out;
  }

  listForAuthorization(authorizationId: number): ActionRecord[] {
    return (
      this.sql(`SELECT * FROM actions WHERE authorization_id = ? ORDER BY id`).all(
        authorizationId,
      ) as Row[]
    ).map(toRecord);
  }

  /** Marks an action running and counts the attempt; returns the attempts so far. */
  markRunning(id: number): number {
    this.sql(
      `UPDATE actions SET status = 'running', attempts = attempts + 1, next_attempt_at = NULL, updated_at = ?
         WHERE id = ?`,
    ).run(nowIso(), id);
    return (this.sql(`SELECT attempts FROM actions WHERE id = ?`).get(id) as { attempts: number })
      .attempts;
  }

  finish(
    id: number,
    status: 'done' | 'skipped' | 'failed',
    r: { request?: unknown; result?: unknown; error?: string | null; errorCode?: string | null },
  ): void {
    const now = nowIso();
    this.sql(
      `UPDATE actions SET status = ?, request_json = COALESCE(?, request_json), result_json = ?,
         last_error = ?, last_error_code = ?, next_attempt_at = NULL, finished_at = ?, updated_at = ?
         WHERE id = ?`,
    ).run(
      status,
      this.json(r.request),
      this.json(r.result) ?? null,
      this.text(r.error),
      r.errorCode ?? null,
      now,
      now,
      id,
    );
  }

  scheduleRetry(id: number, nextAttemptAt: string, error: string, errorCode: string): void {
    this.sql(
      `UPDATE actions SET status = 'pending', next_attempt_at = ?, last_error = ?, last_error_code = ?,
         updated_at = ? WHERE id = ?`,
    ).run(nextAttemptAt, this.text(error), errorCode, nowIso(), id);
  }

  /** A call that never came back (crash, shutdown): back to pending, the attempt not counted. */
  park(id: number): void {
    this.sql(
      `UPDATE actions SET status = 'pending', attempts = MAX(0, attempts - 1), updated_at = ?
         WHERE id = ? AND status = 'running'`,
    ).run(nowIso(), id);
  }

  /** After a crash: every `running` row goes back to pending (handlers are idempotent). */
  recoverRunning(): number {
    return this.sql(
      `UPDATE actions SET status = 'pending', next_attempt_at = NULL, updated_at = ? WHERE status = 'running'`,
    ).run(nowIso()).changes;
  }

  /** Failed actions of an authorization back to pending with fresh attempts; returns their keys. */
  requeueFailed(authorizationId: number): string[] {
    const keys = (
      this.sql(
        `SELECT idempotency_key FROM actions WHERE authorization_id = ? AND status = 'failed' ORDER BY id`,
      ).all(authorizationId) as { idempotency_key: string }[]
    ).map((r) => r.idempotency_key);
    this.sql(
      `UPDATE actions SET status = 'pending', attempts = 0, next_attempt_at = NULL, last_error = NULL,
         last_error_code = NULL, finished_at = NULL, updated_at = ? WHERE authorization_id = ? AND status = 'failed'`,
    ).run(nowIso(), authorizationId);
    return keys;
  }

  /** Removes actions that never ran (all pending), e.g. before an email is extracted again. */
  deleteUnstarted(authorizationId: number): void {
    this.sql(
      `DELETE FROM actions WHERE authorization_id = ? AND status = 'pending' AND attempts = 0`,
    ).run(authorizationId);
  }

  countOpen(): number {
    return (
      this.sql(
        `SELECT COUNT(*) AS n FROM actions WHERE status IN ('pending', 'running')`,
      ).get() as { n: number }
    ).n;
  }

  countOpenFor(authorizationId: number): number {
    return (
      this.sql(
        `SELECT COUNT(*) AS n FROM actions WHERE authorization_id = ? AND status IN ('pending', 'running')`,
      ).get(authorizationId) as { n: number }
    ).n;
  }

  /** Counts by status of actions that reached a terminal state since `since`. */
  finishedSince(since: string): Record<'done' | 'skipped' | 'failed', number> {
    const rows = this.sql(
      `SELECT status, COUNT(*) AS n FROM actions WHERE finished_at >= ? GROUP BY status`,
    ).all(since) as { status: ActionStatus; n: number }[];
    const out = { done: 0, skipped: 0, failed: 0 };
    for (const r of rows)
      if (r.status === 'done' || r.status === 'skipped' || r.status === 'failed')
        out[r.status] = r.n;
    return out;
  }
}

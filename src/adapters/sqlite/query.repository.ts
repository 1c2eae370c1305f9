// Read-only queries behind the HTTP API and dashboard: lists with filters and totals, details
// joined across messages / authorizations / actions, logs, "would have sent" previews and counts.
// It never writes; every change goes through the ControlService.
import type { Db } from './database.js';
import {
  actionLinks,
  fieldRows,
  parseJson,
  type ActionRow,
  type AuthorizationLinks,
  type FieldRow,
} from './query.mappers.js';

export type { AuthorizationLinks, FieldRow } from './query.mappers.js';

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}
export interface PageParams {
  limit: number;
  offset: number;
}

export interface AuthorizationFilter extends PageParams {
  status?: string | undefined;
  client?: string | undefined;
  dateFrom?: string | undefined;
  dateTo?: string | undefined;
  q?: string | undefined;
}
export interface EmailFilter extends PageParams {
  state?: string | undefined;
  outcome?: string | undefined;
}
export interface LogFilter extends PageParams {
  /** Minimum level: debug < info < warning < error. */
  level?: string | undefined;
  eventType?: string | undefined;
  since?: string | undefined;
}

export interface ActionSummary {
  id: number;
  type: string;
  status: string;
  attempts: number;
  lastError: string | null;
}
export interface ActionDetail extends ActionSummary {
  lastErrorCode: string | null;
  nextAttemptAt: string | null;
  request: unknown;
  result: unknown;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}
export interface EmailSummaryRow {
  id: number;
  subject: string | null;
  from: string | null;
  dateHeader: string | null;
  receivedAt: string;
  state: string;
  outcome: string | null;
  rawAvailable: boolean;
}
export interface AuthorizationItem {
  id: number;
  authorizationNumber: string | null;
  kind: string;
  generation: number;
  status: string;
  reviewReasons: string[];
  corrected: boolean;
  clientName: string | null;
  clientEmail: string | null;
  recipientName: string | null;
  serviceDate: string | null;
  lastError: string | null;
  emailId: number;
  subject: string | null;
  createdAt: string;
  updatedAt: string;
  actions: ActionSummary[];
  links: AuthorizationLinks;
}
export interface AuthorizationDetail extends Omit<AuthorizationItem, 'actions'> {
  timeZone: string;
  calculatedMileage: number | null;
  fields: unknown;
  extracted: unknown;
  fieldList: FieldRow[];
  extraction: { confidence: number | null; reasons: string[]; warnings: string[] };
  actions: ActionDetail[];
  email: EmailSummaryRow;
}
export interface EmailItem extends EmailSummaryRow {
  source: string;
  mailbox: string;
  messageIdHeader: string | null;
  size: number;
  error: string | null;
  attempts: number;
  duplicateOf: number | null;
  settleStatus: string | null;
  authorizationId: number | null;
  createdAt: string;
  finishedAt: string | null;
}
export interface EmailDetail extends EmailItem {
  settleError: string | null;
  extraction: unknown;
  rawUrl: string | null;
}
export interface LogItem {
  id: number;
  timestamp: string;
  event_type: string;
  message: string;
  details: string | null;
  level: string;
}
export interface PreviewItem {
  actionId: number;
  authorizationId: number;
  authorizationNumber: string | null;
  clientName: string | null;
  type: string;
  reason: string | null;
  request: unknown;
  createdAt: string;
}
export interface StatusCounts {
  authorizations: Record<string, number>;
  emails: Record<string, number>;
}

const LEVEL_RANK: Record<string, number> = {
  debug: 10,
  info: 20,
  warn: 30,
  warning: 30,
  error: 40,
  fatal: 50,
};

/** Escapes LIKE wildcards so a user's `%` or `_` matches itself. */
const like = (s: string): string => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

type Row = Record<string, unknown>;

function add(where: string[], args: unknown[], clause: string, value: unknown): void {
  where.push(clause);
  args.push(value);
}
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export class QueryRepository {
  constructor(
    private readonly db: Db,
    private readonly opts: { invoiceNinjaUrl: string },
  ) {}

  listAuthorizations(f: AuthorizationFilter): Page<AuthorizationItem> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (f.status) add(where, args, 'a.status = ?', f.status);
    if (f.client) {
      where.push("(a.client_name LIKE ? ESCAPE '\\' OR a.client_email LIKE ? ESCAPE '\\')");
      args.push(like(f.client), like(f.client));
    }
    if (f.dateFrom) add(where, args, 'a.service_date >= ?', f.dateFrom);
    if (f.dateTo) add(where, args, 'a.service_date <= ?', f.dateTo);
    if (f.q) {
      const cols = ['a.authorization_number', 'a.client_name', 'a.recipient_name', 'm.subject'];
      where.push('(' + cols.map((c) => `${c} LIKE ? ESCAPE '\\'`).join(' OR ') + ')');
      for (let i = 0; i < cols.length; i++) args.push(like(f.q));
    }
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const from = 'FROM authorizations a JOIN messages m ON m.id = a.message_id';
    const total = (
      this.db.prepare(`SELECT COUNT(*) AS n ${from} ${w}`).get(...args) as { n: number }
    ).n;
    const rows = this.db
      .prepare(
        `SELECT a.*, m.subject AS m_subject ${from} ${w} ORDER BY a.created_at DESC, a.id DESC LIMIT ? OFFSET ?`,
      )
      .all(...args, f.limit, f.offset) as Row[];
    const actions = this.actionsFor(rows.map((r) => Number(r.id)));
    const items = rows.map((r) => {
      const own = actions.get(Number(r.id)) ?? [];
      return { ...this.authorizationBase(r, own), actions: own.map(toActionSummary) };
    });
    return { items, total, limit: f.limit, offset: f.offset };
  }

  getAuthorization(id: number): AuthorizationDetail | null {
    const r = this.db
      .prepare(
        'SELECT a.*, m.subject AS m_subject FROM authorizations a JOIN messages m ON m.id = a.message_id WHERE a.id = ?',
      )
      .get(id) as Row | undefined;
    if (!r) return null;
    const actions = this.actionsFor([id]).get(id) ?? [];
    const fields = parseJson(r.fields_json, null);
    const extractedRecord = parseJson<Record<string, unknown> | null>(r.extracted_json, null);
    const email = this.emailRow(Number(r.message_id));
    return {
      ...this.authorizationBase(r, actions),
      timeZone: String(r.time_zone),
      calculatedMileage: r.calculated_mileage === null ? null : Number(r.calculated_mileage),
      fields,
      extracted: extractedRecord,
      fieldList: fieldRows(fields, extractedRecord),
      extraction: {
        confidence:
          typeof extractedRecord?.confidence === 'number' ? extractedRecord.confidence : null,
        reasons: stringArray(extractedRecord?.reasons),
        warnings: stringArray(extractedRecord?.warnings),
      },
      actions: actions.map(toActionDetail),
      email: email ? toEmailSummary(email) : missingEmail(Number(r.message_id)),
    };
  }

  listEmails(f: EmailFilter): Page<EmailItem> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (f.state) add(where, args, 'm.state = ?', f.state);
    if (f.outcome) add(where, args, 'm.outcome = ?', f.outcome);
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (
      this.db.prepare(`SELECT COUNT(*) AS n FROM messages m ${w}`).get(...args) as { n: number }
    ).n;
    const rows = this.db
      .prepare(`${EMAIL_SELECT} ${w} ORDER BY m.received_at DESC, m.id DESC LIMIT ? OFFSET ?`)
      .all(...args, f.limit, f.offset) as Row[];
    return { items: rows.map(toEmailItem), total, limit: f.limit, offset: f.offset };
  }

  getEmail(id: number): EmailDetail | null {
    const r = this.emailRow(id);
    if (!r) return null;
    const item = toEmailItem(r);
    return {
      ...item,
      settleError: str(r.settle_error),
      extraction: parseJson(r.extraction_json, null),
      rawUrl: item.rawAvailable ? `/emails/${id}/raw` : null,
    };
  }

  /** The stored bytes; `raw` is null once retention purged them, the result null if no such email. */
  getEmailRaw(id: number): { raw: Buffer | null; filename: string } | null {
    const r = this.db.prepare('SELECT raw FROM messages WHERE id = ?').get(id) as
      { raw: Buffer | null } | undefined;
    if (!r) return null;
    return { raw: r.raw, filename: `email-${id}.eml` };
  }

  listLogs(f: LogFilter): Page<LogItem> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (f.level) {
      const min = LEVEL_RANK[f.level.toLowerCase()] ?? 0;
      const levels = Object.keys(LEVEL_RANK).filter((l) => (LEVEL_RANK[l] ?? 0) >= min);
      where.push(`LOWER(level) IN (${levels.map(() => '?').join(',')})`);
      args.push(...levels);
    }
    if (f.eventType) add(where, args, 'event_type = ?', f.eventType);
    if (f.since) {
      // Stored times are toISOString(); normalise so `…00Z` and `…00.000Z` compare as equal.
      const since = new Date(f.since);
      where.push('timestamp >= ?');
      args.push(Number.isNaN(since.getTime()) ? f.since : since.toISOString());
    }
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (
      this.db.prepare(`SELECT COUNT(*) AS n FROM event_logs ${w}`).get(...args) as { n: number }
    ).n;
    const rows = this.db
      .prepare(
        `SELECT id, timestamp, event_type, message, details, level FROM event_logs ${w} ORDER BY timestamp DESC, id DESC LIMIT ? OFFSET ?`,
      )
      .all(...args, f.limit, f.offset) as LogItem[];
    return { items: rows, total, limit: f.limit, offset: f.offset };
  }

  /** Skipped actions with the request that would have been sent (unconfigured or DRY_RUN). */
  listActionPreviews(f: PageParams): Page<PreviewItem> {
    const total = (
      this.db.prepare("SELECT COUNT(*) AS n FROM actions WHERE status = 'skipped'").get() as {
        n: number;
      }
    ).n;
    const rows = this.db
      .prepare(
        `SELECT x.id, x.authorization_id, x.type, x.last_error, x.request_json, x.result_json, x.created_at,
                a.authorization_number, a.client_name
         FROM actions x JOIN authorizations a ON a.id = x.authorization_id
         WHERE x.status = 'skipped' ORDER BY x.created_at DESC, x.id DESC LIMIT ? OFFSET ?`,
      )
      .all(f.limit, f.offset) as Row[];
    const items = rows.map((r) => {
      const result = parseJson<Record<string, unknown> | null>(r.result_json, null);
      return {
        actionId: Number(r.id),
        authorizationId: Number(r.authorization_id),
        authorizationNumber: str(r.authorization_number),
        clientName: str(r.client_name),
        type: String(r.type),
        reason: str(r.last_error) ?? (typeof result?.reason === 'string' ? result.reason : null),
        request: parseJson(r.request_json, null),
        createdAt: String(r.created_at),
      };
    });
    return { items, total, limit: f.limit, offset: f.offset };
  }

  statusCounts(): StatusCounts {
    const count = (sql: string): Record<string, number> => {
      const out: Record<string, number> = {};
      for (const r of this.db.prepare(sql).all() as { k: string; n: number }[]) out[r.k] = r.n;
      return out;
    };
    return {
      authorizations: count(
        'SELECT status AS k, COUNT(*) AS n FROM authorizations GROUP BY status',
      ),
      emails: count('SELECT COALESCE(outcome, state) AS k, COUNT(*) AS n FROM messages GROUP BY k'),
    };
  }

  private authorizationBase(r: Row, actions: ActionRow[]): Omit<AuthorizationItem, 'actions'> {
    const id = Number(r.id);
    return {
      id,
      authorizationNumber: str(r.authorization_number),
      kind: String(r.kind),
      generation: Number(r.generation),
      status: String(r.status),
      reviewReasons: stringArray(parseJson(r.review_reasons_json, [])),
      corrected: Number(r.corrected) === 1,
      clientName: str(r.client_name),
      clientEmail: str(r.client_email),
      recipientName: str(r.recipient_name),
      serviceDate: str(r.service_date),
      lastError: str(r.last_error),
      emailId: Number(r.message_id),
      subject: str(r.m_subject),
      createdAt: String(r.created_at),
      updatedAt: String(r.updated_at),
      links: actionLinks(actions, this.opts.invoiceNinjaUrl),
    };
  }

  private actionsFor(ids: number[]): Map<number, ActionRow[]> {
    const out = new Map<number, ActionRow[]>();
    if (ids.length === 0) return out;
    const rows = this.db
      .prepare(
        `SELECT * FROM actions WHERE authorization_id IN (${ids.map(() => '?').join(',')}) ORDER BY id`,
      )
      .all(...ids) as ActionRow[];
    for (const r of rows) {
      const list = out.get(r.authorization_id) ?? [];
      list.push(r);
      out.set(r.authorization_id, list);
    }
    return out;
  }

  private emailRow(id: number): Row | undefined {
    return this.db.prepare(`${EMAIL_SELECT} WHERE m.id = ?`).get(id) as Row | undefined;
  }
}

const EMAIL_SELECT = `SELECT m.id, m.source, m.mailbox, m.message_id, m.size, m.raw IS NOT NULL AS raw_available,
  m.subject, m.from_address, m.date_header, m.received_at, m.state, m.outcome, m.error, m.extraction_json,
  m.duplicate_of, m.attempts, m.settle_status, m.settle_error, m.created_at, m.finished_at,
  (SELECT a.id FROM authorizations a WHERE a.message_id = m.id) AS authorization_id
  FROM messages m`;

function stringArray(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}

function toActionSummary(r: ActionRow): ActionSummary {
  return {
    id: r.id,
    type: r.type,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
  };
}

function toActionDetail(r: ActionRow): ActionDetail {
  return {
    ...toActionSummary(r),
    lastErrorCode: r.last_error_code,
    nextAttemptAt: r.next_attempt_at,
    request: parseJson(r.request_json, null),
    result: parseJson(r.result_json, null),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    finishedAt: r.finished_at,
  };
}

function toEmailSummary(r: Row): EmailSummaryRow {
  return {
    id: Number(r.id),
    subject: str(r.subject),
    from: str(r.from_address),
    dateHeader: str(r.date_header),
    receivedAt: String(r.received_at),
    state: String(r.state),
    outcome: str(r.outcome),
    rawAvailable: Number(r.raw_available) === 1,
  };
}

function missingEmail(id: number): EmailSummaryRow {
  return {
    id,
    subject: null,
    from: null,
    dateHeader: null,
    receivedAt: '',
    state: 'unknown',
    outcome: null,
    rawAvailable: false,
  };
}

function toEmailItem(r: Row): EmailItem {
  return {
    ...toEmailSummary(r),
    source: String(r.source),
    mailbox: String(r.mailbox),
    messageIdHeader: str(r.message_id),
    size: Number(r.size),
    error: str(r.error),
    attempts: Number(r.attempts),
    duplicateOf: r.duplicate_of === null ? null : Number(r.duplicate_of),
    settleStatus: str(r.settle_status),
    authorizationId: r.authorization_id === null ? null : Number(r.authorization_id),
    createdAt: String(r.created_at),
    finishedAt: str(r.finished_at),
  };
}

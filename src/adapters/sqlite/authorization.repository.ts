// The `authorizations` table: one row per email recognised as an authorization, amendment or
// cancellation, the fields in force (after any correction) and where it stands.
import type { AuthorizationHistoryItem, AuthorizationView } from '../../core/actions.js';
import type {
  AuthorizationFields,
  AuthorizationKind,
  ExtractionRecord,
} from '../../core/extraction-record.js';
import type { Statement } from 'better-sqlite3';
import { nowIso, type Db } from './database.js';

export type AuthorizationStatus =
  'needs_review' | 'queued' | 'in_progress' | 'done' | 'failed' | 'rejected';

export interface AuthorizationRow {
  id: number;
  messageId: number;
  authKey: string | null;
  authorizationNumber: string | null;
  kind: AuthorizationKind;
  generation: number;
  status: AuthorizationStatus;
  reviewReasons: string[];
  extracted: ExtractionRecord;
  fields: AuthorizationFields;
  corrected: boolean;
  calculatedMileage: number | null;
  timeZone: string;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  id: number;
  message_id: number;
  auth_key: string | null;
  authorization_number: string | null;
  kind: AuthorizationKind;
  generation: number;
  status: AuthorizationStatus;
  review_reasons_json: string;
  extracted_json: string;
  fields_json: string;
  corrected: number;
  calculated_mileage: number | null;
  time_zone: string;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

function toRow(r: Row): AuthorizationRow {
  return {
    id: r.id,
    messageId: r.message_id,
    authKey: r.auth_key,
    authorizationNumber: r.authorization_number,
    kind: r.kind,
    generation: r.generation,
    status: r.status,
    reviewReasons: JSON.parse(r.review_reasons_json) as string[],
    extracted: JSON.parse(r.extracted_json) as ExtractionRecord,
    fields: JSON.parse(r.fields_json) as AuthorizationFields,
    corrected: r.corrected === 1,
    calculatedMileage: r.calculated_mileage,
    timeZone: r.time_zone,
    lastError: r.last_error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface NewAuthorization {
  messageId: number;
  authKey: string | null;
  kind: AuthorizationKind;
  generation: number;
  extracted: ExtractionRecord;
  fields: AuthorizationFields;
  timeZone: string;
}

export class AuthorizationRepository {
  /** Prepared once per SQL text: preparing is the dominant cost at a few thousand emails. */
  private readonly statements = new Map<string, Statement>();
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

  get(id: number): AuthorizationRow | null {
    const r = this.sql(`SELECT * FROM authorizations WHERE id = ?`).get(id) as Row | undefined;
    return r ? toRow(r) : null;
  }

  findByMessage(messageId: number): AuthorizationRow | null {
    const r = this.sql(`SELECT * FROM authorizations WHERE message_id = ?`).get(messageId) as
      Row | undefined;
    return r ? toRow(r) : null;
  }

  /** Earlier authorizations with this key (any generation), oldest first. */
  history(authKey: string | null, excludeId: number): AuthorizationRow[] {
    if (authKey === null) return [];
    return (
      this.sql(`SELECT * FROM authorizations WHERE auth_key = ? AND id < ? ORDER BY id`).all(
        authKey,
        excludeId,
      ) as Row[]
    ).map(toRow);
  }

  /** The most recent record for a key, to number generations (a `new` after a cancellation). */
  latest(authKey: string | null, beforeMessageId: number): AuthorizationRow | null {
    if (authKey === null) return null;
    const r = this.sql(
      `SELECT * FROM authorizations WHERE auth_key = ? AND message_id < ? ORDER BY message_id DESC LIMIT 1`,
    ).get(authKey, beforeMessageId) as Row | undefined;
    return r ? toRow(r) : null;
  }

  insert(a: NewAuthorization): number {
    const now = nowIso();
    const info = this.sql(
      `INSERT INTO authorizations (message_id, auth_key, authorization_number, kind, generation,
           status, extracted_json, fields_json, time_zone, client_name, client_email, recipient_name,
           service_date, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      a.messageId,
      a.authKey,
      a.fields.authorizationId,
      a.kind,
      a.generation,
      JSON.stringify(a.extracted),
      JSON.stringify(a.fields),
      a.timeZone,
      a.fields.client.name,
      a.fields.client.email,
      a.fields.recipient.name,
      a.fields.service.date,
      now,
      now,
    );
    return Number(info.lastInsertRowid);
  }

  /** Replaces the fields in force (re-extraction or a person's correction) and their key. */
  updateFields(
    id: number,
    change: {
      fields: AuthorizationFields;
      authKey: string | null;
      kind: AuthorizationKind;
      generation: number;
    },
    opts: { corrected?: boolean; extracted?: ExtractionRecord },
  ): void {
    const f = change.fields;
    this.sql(
      `UPDATE authorizations SET fields_json = ?, auth_key = ?, authorization_number = ?, kind = ?,
         generation = ?, client_name = ?, client_email = ?, recipient_name = ?, service_date = ?,
         corrected = CASE WHEN ? THEN 1 ELSE corrected END,
         extracted_json = COALESCE(?, extracted_json), updated_at = ? WHERE id = ?`,
    ).run(
      JSON.stringify(f),
      change.authKey,
      f.authorizationId,
      change.kind,
      change.generation,
      f.client.name,
      f.client.email,
      f.recipient.name,
      f.service.date,
      opts.corrected ? 1 : 0,
      opts.extracted ? JSON.stringify(opts.extracted) : null,
      nowIso(),
      id,
    );
  }

  setStatus(
    id: number,
    status: AuthorizationStatus,
    extra: {
      reviewReasons?: string[];
      lastError?: string | null;
      calculatedMileage?: number | null;
    } = {},
  ): void {
    const sets = ['status = ?', 'updated_at = ?'];
    const args: unknown[] = [status, nowIso()];
    if (extra.reviewReasons !== undefined) {
      sets.push('review_reasons_json = ?');
      args.push(JSON.stringify(extra.reviewReasons));
    }
    if (extra.lastError !== undefined) {
      sets.push('last_error = ?');
      args.push(extra.lastError === null ? null : String(this.scrub(extra.lastError)));
    }
    if (extra.calculatedMileage !== undefined) {
      sets.push('calculated_mileage = ?');
      args.push(extra.calculatedMileage);
    }
    this.sql(`UPDATE authorizations SET ${sets.join(', ')} WHERE id = ?`).run(...args, id);
  }

  countByStatus(status: AuthorizationStatus): number {
    return (
      this.sql(`SELECT COUNT(*) AS n FROM authorizations WHERE status = ?`).get(status) as {
        n: number;
      }
    ).n;
  }
}

/** How the planner and the handlers see an authorization row. */
export function toAuthorizationView(
  row: AuthorizationRow,
  subject: string | null,
): AuthorizationView {
  return {
    id: row.id,
    authKey: row.authKey ?? `message:${row.messageId}`,
    generation: row.generation,
    kind: row.kind,
    fields: row.fields,
    calculatedMileage: row.calculatedMileage,
    timeZone: row.timeZone,
    messageId: row.messageId,
    subject,
  };
}

export function toHistoryItem(
  row: AuthorizationRow,
  subject: string | null,
): AuthorizationHistoryItem {
  return { ...toAuthorizationView(row, subject), status: row.status };
}

// What exists on the other side, by our own key (external_refs): the InvoiceNinja client of an
// issuer, the invoice and the calendar event of an authorization identity. Written right after
// the vendor answers so a retry finds it without asking the vendor again.
import type { Db } from './database.js';
import { nowIso } from './database.js';

export type RefSystem = 'invoiceninja.client' | 'invoiceninja.invoice' | 'calendar.event';

export interface ExternalRef {
  externalId: string;
  data: Record<string, unknown> | null;
}

export interface ExternalRefRepository {
  get(system: RefSystem, key: string): ExternalRef | null;
  put(system: RefSystem, key: string, externalId: string, data?: Record<string, unknown>): void;
  remove(system: RefSystem, key: string): void;
}

export function createExternalRefRepository(db: Db): ExternalRefRepository {
  const get = db.prepare<[string, string], { external_id: string; data_json: string | null }>(
    'SELECT external_id, data_json FROM external_refs WHERE system = ? AND key = ?',
  );
  const put = db.prepare(
    `INSERT INTO external_refs (system, key, external_id, data_json, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(system, key) DO UPDATE SET external_id = excluded.external_id,
       data_json = excluded.data_json, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare('DELETE FROM external_refs WHERE system = ? AND key = ?');
  return {
    get(system, key) {
      const row = get.get(system, key);
      if (!row) return null;
      return {
        externalId: row.external_id,
        data: row.data_json ? (JSON.parse(row.data_json) as Record<string, unknown>) : null,
      };
    },
    put(system, key, externalId, data) {
      put.run(system, key, externalId, data ? JSON.stringify(data) : null, nowIso());
    },
    remove(system, key) {
      remove.run(system, key);
    },
  };
}

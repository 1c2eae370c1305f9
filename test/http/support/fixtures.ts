// Rows for the HTTP tests, inserted with plain SQL into a real SQLite file (schema from the
// real migrations), and a helper that builds the app around them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { closeDatabase, openDatabase, type Db } from '../../../src/adapters/sqlite/database.js';
import { loadConfig, type Config } from '../../../src/config/index.js';
import { EventBus } from '../../../src/core/events.js';
import { silentLogger, type Logger } from '../../../src/core/logger.js';
import { buildApp, type AppDeps } from '../../../src/http/app.js';
import { ControlDouble } from './control-double.js';

export const TOKEN = 'test-token-5f2c9a';

export interface Harness {
  app: FastifyInstance;
  db: Db;
  control: ControlDouble;
  events: EventBus;
  config: Config;
  dir: string;
  auth: { authorization: string };
  close(): Promise<void>;
}

export async function makeHarness(
  env: Record<string, string> = {},
  extra: Partial<Pick<AppDeps, 'webRoot' | 'feed' | 'logger'>> = {},
): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'assistant-http-'));
  const config = loadConfig({
    cwd: dir,
    readEnvFile: false,
    env: {
      API_TOKEN: TOKEN,
      INVOICENINJA_URL: 'http://invoiceninja.test',
      INVOICENINJA_API_TOKEN: 'x',
      ...env,
    },
  });
  const db = openDatabase(join(dir, 'assistant.db'));
  const control = new ControlDouble();
  const events = new EventBus();
  const app = await buildApp({
    config,
    db,
    control,
    events,
    logger: extra.logger ?? silentLogger,
    webRoot: extra.webRoot ?? join(dir, 'no-web'),
    ...(extra.feed ? { feed: extra.feed } : {}),
  });
  return {
    app,
    db,
    control,
    events,
    config,
    dir,
    auth: { authorization: `Bearer ${TOKEN}` },
    async close() {
      await app.close();
      closeDatabase(db);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const T = (min: number) => new Date(Date.UTC(2026, 10, 25, 9, min)).toISOString();

export function insertMessage(
  db: Db,
  o: {
    subject: string;
    outcome?: string | null;
    state?: string;
    min?: number;
    raw?: string | null;
  },
): number {
  const raw = o.raw === undefined ? `Subject: ${o.subject}\r\n\r\nbody\r\n` : o.raw;
  const r = db
    .prepare(
      `INSERT INTO messages (source, mailbox, source_ref, message_id, content_hash, size, raw, subject, from_address,
        date_header, received_at, state, outcome, extraction_json, created_at, updated_at)
       VALUES ('imap', 'INBOX', ?, ?, ?, ?, ?, ?, 'intake@agency.example.test', ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      `1:${o.min ?? 0}`,
      `<m${o.min ?? 0}@agency.example.test>`,
      `hash-${o.subject}-${o.min ?? 0}`,
      raw === null ? 0 : Buffer.byteLength(raw),
      raw === null ? null : Buffer.from(raw),
      o.subject,
      T(o.min ?? 0),
      T(o.min ?? 0),
      o.state ?? 'finished',
      o.outcome === undefined ? 'authorization' : o.outcome,
      JSON.stringify({
        isAuthorization: true,
        confidence: 0.9,
        reasons: ['has authorization number'],
      }),
      T(o.min ?? 0),
      T(o.min ?? 0),
    );
  return Number(r.lastInsertRowid);
}

export const fields = (n: string, date: string) => ({
  authorizationId: n,
  client: { name: 'North Agency', email: 'billing@north.example.test' },
  recipient: { name: 'Pat Example' },
  service: {
    description: 'Job coaching',
    date,
    startTime: '09:00',
    endTime: '11:00',
    durationHours: 2,
    location: '1 Main St',
  },
  mileage: 12,
});

export function insertAuthorization(
  db: Db,
  o: {
    messageId: number;
    number: string;
    status: string;
    date: string;
    min?: number;
    clientName?: string;
  },
): number {
  const f = fields(o.number, o.date);
  f.client.name = o.clientName ?? f.client.name;
  const extracted = {
    ...f,
    service: { ...f.service, durationHours: null },
    confidence: 0.8,
    reasons: ['label'],
    warnings: [],
    sources: { authorizationId: 'label:Authorization Number', 'service.date': 'html-table' },
  };
  const r = db
    .prepare(
      `INSERT INTO authorizations (message_id, auth_key, authorization_number, kind, status, review_reasons_json,
        extracted_json, fields_json, corrected, time_zone, client_name, client_email, recipient_name, service_date,
        created_at, updated_at)
       VALUES (?, ?, ?, 'new', ?, ?, ?, ?, 1, 'America/Chicago', ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      o.messageId,
      `north:${o.number}`,
      o.number,
      o.status,
      JSON.stringify(o.status === 'needs_review' ? ['service.durationHours missing'] : []),
      JSON.stringify(extracted),
      JSON.stringify(f),
      f.client.name,
      f.client.email,
      f.recipient.name,
      o.date,
      T(o.min ?? 0),
      T(o.min ?? 0),
    );
  return Number(r.lastInsertRowid);
}

export function insertAction(
  db: Db,
  o: {
    authorizationId: number;
    type: string;
    status: string;
    result?: unknown;
    request?: unknown;
    lastError?: string;
  },
): number {
  const r = db
    .prepare(
      `INSERT INTO actions (authorization_id, type, idempotency_key, status, attempts, last_error, request_json,
        result_json, created_at, updated_at)
       VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?)`,
    )
    .run(
      o.authorizationId,
      o.type,
      `${o.authorizationId}:${o.type}:${Math.random()}`,
      o.status,
      o.lastError ?? null,
      o.request === undefined ? null : JSON.stringify(o.request),
      o.result === undefined ? null : JSON.stringify(o.result),
      T(1),
      T(1),
    );
  return Number(r.lastInsertRowid);
}

export function insertLog(
  db: Db,
  o: { min: number; type: string; level: string; message: string },
): void {
  db.prepare(
    'INSERT INTO event_logs (timestamp, event_type, message, details, level) VALUES (?, ?, ?, ?, ?)',
  ).run(T(o.min), o.type, o.message, JSON.stringify({ n: o.min }), o.level);
}

/** A small world: an authorization done, one in review, one failed, an ignored email. */
export function seed(db: Db) {
  const m1 = insertMessage(db, { subject: 'Authorization A-100', min: 1 });
  const m2 = insertMessage(db, {
    subject: 'Authorization A-200 <script>alert(1)</script>',
    min: 2,
    outcome: 'needs_review',
  });
  const m3 = insertMessage(db, { subject: 'Authorization B-300', min: 3 });
  const m4 = insertMessage(db, {
    subject: 'Lunch on Friday?',
    min: 4,
    outcome: 'ignored',
    raw: null,
  });
  const done = insertAuthorization(db, {
    messageId: m1,
    number: 'A-100',
    status: 'done',
    date: '2026-12-01',
    min: 1,
  });
  const review = insertAuthorization(db, {
    messageId: m2,
    number: 'A-200',
    status: 'needs_review',
    date: '2026-12-05',
    min: 2,
  });
  const failed = insertAuthorization(db, {
    messageId: m3,
    number: 'B-300',
    status: 'failed',
    date: '2026-12-10',
    min: 3,
    clientName: 'South County',
  });
  insertAction(db, {
    authorizationId: done,
    type: 'invoiceninja.ensure_client',
    status: 'done',
    result: { clientId: 'cl7' },
  });
  insertAction(db, {
    authorizationId: done,
    type: 'invoiceninja.create_invoice',
    status: 'done',
    result: { invoiceId: 'inv42' },
  });
  insertAction(db, {
    authorizationId: done,
    type: 'calendar.create_event',
    status: 'done',
    result: { eventId: 'ev1', htmlLink: 'https://calendar.google.com/event?eid=ev1' },
  });
  insertAction(db, {
    authorizationId: failed,
    type: 'invoiceninja.create_invoice',
    status: 'failed',
    lastError: 'InvoiceNinja answered 503',
  });
  insertAction(db, {
    authorizationId: failed,
    type: 'webhook.notify',
    status: 'skipped',
    request: { url: 'https://hooks.example.test/x', body: { n: 'B-300' } },
    lastError: 'WEBHOOK_URL not set',
  });
  for (let i = 0; i < 5; i++)
    insertLog(db, {
      min: 10 + i,
      type: i % 2 ? 'action.failed' : 'imap.connected',
      level: i % 2 ? 'warning' : 'info',
      message: `log ${i}`,
    });
  return { m1, m2, m3, m4, done, review, failed };
}

/** A Logger that keeps every record, for asserting on notable events. */
export function recordingLogger(): Logger & { records: Record<string, unknown>[] } {
  const records: Record<string, unknown>[] = [];
  const fn =
    (level: string) =>
    (a: Record<string, unknown> | string, msg?: string): void => {
      records.push(typeof a === 'string' ? { level, msg: a } : { level, ...a, msg });
    };
  const logger = {
    records,
    debug: fn('debug'),
    info: fn('info'),
    warn: fn('warn'),
    error: fn('error'),
    child: () => logger,
  };
  return logger;
}

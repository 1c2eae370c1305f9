import type { Migration } from './index.js';

// Times are ISO 8601 strings in UTC (`2026-11-25T22:36:02.123Z`); JSON columns end in _json.
export const m001Initial: Migration = {
  version: 1,
  name: 'initial',
  sql: `
-- Every message a source ever delivered, with its raw bytes until retention purges them.
CREATE TABLE messages (
  id               INTEGER PRIMARY KEY,
  source           TEXT    NOT NULL,            -- 'imap' | 'folder'
  mailbox          TEXT    NOT NULL,            -- IMAP mailbox path or inbox directory
  uid_validity     INTEGER,
  uid              INTEGER,
  source_ref       TEXT    NOT NULL,            -- file name or 'uidvalidity:uid'
  message_id       TEXT,                        -- the Message-ID header
  content_hash     TEXT    NOT NULL,            -- sha256 hex of raw
  size             INTEGER NOT NULL,
  raw              BLOB,                        -- NULL once purged by RETENTION_DAYS
  subject          TEXT,
  from_address     TEXT,
  date_header      TEXT,
  received_at      TEXT    NOT NULL,
  -- stored → parsed → classified → extracted → planned → finished
  state            TEXT    NOT NULL DEFAULT 'stored',
  -- when finished: 'ignored' | 'authorization' | 'needs_review' | 'failed' | 'duplicate'
  outcome          TEXT,
  error            TEXT,
  extraction_json  TEXT,
  duplicate_of     INTEGER REFERENCES messages(id),
  attempts         INTEGER NOT NULL DEFAULT 0,
  settle_status    TEXT,                        -- NULL | 'pending' | 'done' | 'not_needed' | 'failed'
  settle_error     TEXT,
  created_at       TEXT    NOT NULL,
  updated_at       TEXT    NOT NULL,
  finished_at      TEXT
);
CREATE UNIQUE INDEX messages_imap_uid ON messages(mailbox, uid_validity, uid) WHERE uid IS NOT NULL;
CREATE INDEX messages_hash ON messages(content_hash);
CREATE INDEX messages_message_id ON messages(message_id);
CREATE INDEX messages_state ON messages(state);
CREATE INDEX messages_created ON messages(created_at);

-- One row per email recognised as an authorization, amendment or cancellation.
CREATE TABLE authorizations (
  id                    INTEGER PRIMARY KEY,
  message_id            INTEGER NOT NULL UNIQUE REFERENCES messages(id),
  auth_key              TEXT,                   -- sender key + authorization id (NULL when no id)
  authorization_number  TEXT,
  kind                  TEXT    NOT NULL,       -- 'new' | 'amendment' | 'cancellation'
  generation            INTEGER NOT NULL DEFAULT 1,
  -- 'needs_review' | 'queued' | 'in_progress' | 'done' | 'failed' | 'rejected'
  status                TEXT    NOT NULL,
  review_reasons_json   TEXT    NOT NULL DEFAULT '[]',
  extracted_json        TEXT    NOT NULL,       -- the record as the engine read it
  fields_json           TEXT    NOT NULL,       -- the fields in force (after any correction)
  corrected             INTEGER NOT NULL DEFAULT 0,
  calculated_mileage    REAL,
  time_zone             TEXT    NOT NULL,
  client_name           TEXT,
  client_email          TEXT,
  recipient_name        TEXT,
  service_date          TEXT,
  last_error            TEXT,
  created_at            TEXT    NOT NULL,
  updated_at            TEXT    NOT NULL
);
CREATE INDEX authorizations_key ON authorizations(auth_key);
CREATE INDEX authorizations_status ON authorizations(status);
CREATE INDEX authorizations_date ON authorizations(service_date);

-- The outbox: every external effect, its attempts and what came back.
CREATE TABLE actions (
  id                INTEGER PRIMARY KEY,
  authorization_id  INTEGER NOT NULL REFERENCES authorizations(id),
  type              TEXT    NOT NULL,
  idempotency_key   TEXT    NOT NULL UNIQUE,
  depends_on_json   TEXT    NOT NULL DEFAULT '[]',
  status            TEXT    NOT NULL DEFAULT 'pending',  -- pending|running|done|failed|skipped
  attempts          INTEGER NOT NULL DEFAULT 0,
  next_attempt_at   TEXT,
  last_error        TEXT,
  last_error_code   TEXT,
  payload_json      TEXT    NOT NULL DEFAULT '{}',
  request_json      TEXT,
  result_json       TEXT,
  created_at        TEXT    NOT NULL,
  updated_at        TEXT    NOT NULL,
  finished_at       TEXT
);
CREATE INDEX actions_status ON actions(status, next_attempt_at);
CREATE INDEX actions_authorization ON actions(authorization_id);

-- What exists on the other side, by our own key: InvoiceNinja clients and invoices, calendar events.
CREATE TABLE external_refs (
  system       TEXT NOT NULL,   -- 'invoiceninja.client' | 'invoiceninja.invoice' | 'calendar.event'
  key          TEXT NOT NULL,
  external_id  TEXT NOT NULL,
  data_json    TEXT,
  updated_at   TEXT NOT NULL,
  PRIMARY KEY (system, key)
);

-- The seed's log table, readable by its /logs contract; level added.
CREATE TABLE event_logs (
  id          INTEGER PRIMARY KEY,
  timestamp   TEXT NOT NULL,
  event_type  TEXT NOT NULL,
  message     TEXT NOT NULL,
  details     TEXT,
  level       TEXT NOT NULL DEFAULT 'info'
);
CREATE INDEX event_logs_time ON event_logs(timestamp);
CREATE INDEX event_logs_type ON event_logs(event_type);

CREATE TABLE geocoding_cache (
  query         TEXT PRIMARY KEY,   -- normalised address
  found         INTEGER NOT NULL,   -- 0 = a cached miss
  lat           REAL,
  lon           REAL,
  display_name  TEXT,
  created_at    TEXT NOT NULL
);

-- Per mailbox: where the last sync stopped.
CREATE TABLE sync_state (
  source          TEXT NOT NULL,
  mailbox         TEXT NOT NULL,
  uid_validity    INTEGER,
  last_uid        INTEGER NOT NULL DEFAULT 0,
  first_sync_at   TEXT,
  last_sync_at    TEXT,
  PRIMARY KEY (source, mailbox)
);
`,
};

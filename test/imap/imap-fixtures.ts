// Shared pieces for the IMAP source tests: a config pointing at a private Dovecot, a real
// SQLite file, a recording MessageSink double that de-duplicates by content like the real
// store does (and can be told to fail), log capture, and a poll-until helper.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { loadConfig, type Config } from '../../src/config/index.js';
import { closeDatabase, openDatabase, type Db } from '../../src/adapters/sqlite/database.js';
import { EventBus } from '../../src/core/events.js';
import type { Logger } from '../../src/core/logger.js';
import type { AcceptResult, IncomingMessage, MessageSink } from '../../src/core/mail.js';
import type { DovecotInstance } from '../support/dovecot.js';

export function imapConfig(d: DovecotInstance, env: Record<string, string> = {}): Config {
  return loadConfig({
    readEnvFile: false,
    env: {
      IMAP_HOST: d.host,
      IMAP_PORT: String(d.port),
      IMAP_TLS: 'false',
      IMAP_USER: d.user,
      IMAP_PASSWORD: d.password,
      IMAP_BACKLOG_DAYS: '0',
      EMAIL_POLL_INTERVAL: '30',
      ...env,
    },
  });
}

export interface TempDb {
  db: Db;
  close(): void;
}

export function tempDb(): TempDb {
  const dir = mkdtempSync(join(tmpdir(), 'assistant-imap-test-'));
  const db = openDatabase(join(dir, 'assistant.db'));
  return {
    db,
    close() {
      closeDatabase(db);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Records every accepted message; a repeat of the same bytes is "not new", like the store. */
export class RecordingSink implements MessageSink {
  readonly accepted: IncomingMessage[] = [];
  readonly calls: IncomingMessage[] = [];
  private readonly byHash = new Map<string, number>();
  /** Subjects whose next N accepts reject. */
  readonly failures = new Map<string, number>();

  async accept(message: IncomingMessage): Promise<AcceptResult> {
    this.calls.push(message);
    const subject = subjectOf(message.raw);
    const remaining = this.failures.get(subject) ?? 0;
    if (remaining > 0) {
      this.failures.set(subject, remaining - 1);
      throw new Error(`disk full while storing "${subject}"`);
    }
    const hash = createHash('sha256').update(message.raw).digest('hex');
    const known = this.byHash.get(hash);
    if (known !== undefined) return { messageId: known, isNew: false };
    this.accepted.push(message);
    this.byHash.set(hash, this.accepted.length);
    return { messageId: this.accepted.length, isNew: true };
  }

  subjects(): string[] {
    return this.accepted.map((m) => subjectOf(m.raw)).sort();
  }
}

export function subjectOf(raw: Buffer): string {
  return /^Subject: (.*)$/m.exec(raw.toString('utf8'))?.[1]?.trim() ?? '';
}

export function email(subject: string, extra = ''): string {
  const id = subject.replace(/[^a-z0-9]+/gi, '-');
  return (
    `From: Agency <agency@example.test>\r\nTo: vendor@example.test\r\nSubject: ${subject}\r\n` +
    `Message-ID: <${id}@example.test>\r\nDate: Wed, 25 Nov 2026 10:00:00 +0000\r\n` +
    `Content-Type: text/plain\r\n\r\nHello, this is ${subject}.\r\n${extra}`
  );
}

export interface CapturedLogger extends Logger {
  records: Record<string, unknown>[];
  text(): string;
}

/** A Logger that keeps every record (with its message) for assertions. */
export function captureLogger(): CapturedLogger {
  const records: Record<string, unknown>[] = [];
  const make = (bindings: Record<string, unknown>, level: string) =>
    ((objOrMsg: Record<string, unknown> | string, msg?: string) => {
      if (typeof objOrMsg === 'string') records.push({ ...bindings, level, msg: objOrMsg });
      else records.push({ ...bindings, ...objOrMsg, level, msg });
    }) as Logger['info'];
  const build = (bindings: Record<string, unknown>): Logger => ({
    debug: make(bindings, 'debug'),
    info: make(bindings, 'info'),
    warn: make(bindings, 'warn'),
    error: make(bindings, 'error'),
    child: (more) => build({ ...bindings, ...more }),
  });
  return Object.assign(build({}), {
    records,
    text: () => records.map((r) => JSON.stringify(r)).join('\n'),
  });
}

export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const events = (): EventBus => new EventBus();

/** A separate IMAP session for looking at the mailbox the way a person's mail client would. */
export async function inspect<T>(d: DovecotInstance, fn: (c: ImapFlow) => Promise<T>): Promise<T> {
  const c = new ImapFlow({
    host: d.host,
    port: d.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user: d.user, pass: d.password },
    logger: false,
  });
  c.on('error', () => {});
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.logout().catch(() => c.close());
  }
}

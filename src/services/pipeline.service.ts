// Moves stored emails through extraction (a bounded number at once) and planning (one at a
// time, strictly in email order per authorization: an amendment is never planned before the
// original). Every step's result is written before the next begins, so a restart resumes
// where it stopped. One bad email never stops the others.
import type {
  MessageOutcome,
  MessageState,
  SettleStatus,
} from '../adapters/sqlite/message.repository.js';
import { authKey } from '../core/auth-key.js';
import type { EventBus } from '../core/events.js';
import type { Extractor } from '../core/extractor.js';
import type { Logger } from '../core/logger.js';
import type { Completion } from './completion.service.js';
import { fieldsOf, type Planning } from './planning.service.js';
import { settleStatusFor } from './settle-policy.js';
import type { Settler } from './settler.service.js';
import type { Store } from './store.js';
import {
  asReviewCandidate,
  mentionsAuthorization,
  unreadablePdfReasons,
} from './unreadable-attachment.js';

export interface PipelineDeps {
  store: Store;
  extractor: Extractor;
  planning: Planning;
  completion: Completion;
  settler: Settler;
  events: EventBus;
  logger: Logger;
  concurrency: number;
  maxMessageBytes: number;
  timeZone: string;
  /** Called when new actions were planned. */
  onPlanned: () => void;
}

// Extracted emails looked at per pass: enough to step past a few waiting on planner back-off.
const WINDOW = 64;
const UNEXTRACTED: readonly MessageState[] = ['stored', 'parsed', 'classified'];

export class Pipeline {
  private active = false;
  private scheduled = false;
  private readonly extracting = new Map<number, Promise<void>>();
  private planning: Promise<void> | null = null;
  /** Planner back-off per email (kept in memory: after a restart it is simply tried again). */
  private readonly notBefore = new Map<number, number>();
  private readonly keys = new Map<number, string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: PipelineDeps) {}

  start(): void {
    this.active = true;
    this.kick();
  }

  /** Stops taking new work and waits for the emails in flight. */
  async stop(): Promise<void> {
    this.active = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.extracting.values(), this.planning]);
  }

  /** True while an email is being extracted or planned. */
  get busy(): boolean {
    return this.extracting.size > 0 || this.planning !== null;
  }

  kick(): void {
    if (!this.active || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    const { store, concurrency } = this.deps;
    if (!this.active || !store.db.open) return;
    const unextracted = store.messages.listInStates(
      UNEXTRACTED,
      concurrency + this.extracting.size,
    );
    for (const row of unextracted) {
      if (this.extracting.size >= concurrency) break;
      if (!this.extracting.has(row.id)) this.startExtraction(row.id, row.size);
    }
    // Planning never passes an email that is not extracted yet: it may be the original.
    const firstUnextracted = unextracted[0]?.id ?? Infinity;
    const blockedKeys = new Set<string>();
    let wakeAt = Infinity;
    for (const row of store.messages.listInStates(['extracted'], WINDOW)) {
      if (row.id > firstUnextracted || this.planning !== null) break;
      const key = this.keyOf(row.id);
      if (blockedKeys.has(key)) continue;
      blockedKeys.add(key);
      const due = this.notBefore.get(row.id) ?? 0;
      if (due > Date.now()) {
        wakeAt = Math.min(wakeAt, due);
        continue;
      }
      this.startPlanning(row.id);
    }
    if (wakeAt !== Infinity) this.wakeAt(wakeAt);
  }

  private wakeAt(at: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.kick();
      },
      Math.max(0, at - Date.now()),
    );
  }

  /** Emails of one authorization are planned in order; emails without a number stand alone. */
  private keyOf(messageId: number): string {
    let key = this.keys.get(messageId);
    if (key === undefined) {
      const record = this.deps.store.messages.getExtraction(messageId);
      key = (record && authKey(fieldsOf(record))) ?? `email:${messageId}`;
      this.keys.set(messageId, key);
    }
    return key;
  }

  private startExtraction(id: number, size: number): void {
    const work = this.extract(id, size)
      .catch((err: unknown) =>
        this.finishAlone(id, 'failed', `extraction failed: ${describe(err)}`),
      )
      .finally(() => {
        this.extracting.delete(id);
        this.kick();
      });
    this.extracting.set(id, work);
  }

  private async extract(id: number, size: number): Promise<void> {
    const { store, maxMessageBytes } = this.deps;
    if (size === 0) return this.finishAlone(id, 'failed', 'empty message (0 bytes)');
    if (size > maxMessageBytes) {
      return this.finishAlone(
        id,
        'failed',
        `too large: ${size} bytes (MAX_MESSAGE_BYTES is ${maxMessageBytes})`,
      );
    }
    const raw = store.messages.getRaw(id);
    if (!raw) return this.finishAlone(id, 'failed', 'raw message no longer stored (retention)');
    const record = await this.deps.extractor.extract(raw, { timeZone: this.deps.timeZone });
    if (!store.db.open) return;
    if (!record.isAuthorization) {
      // A PDF we could not read may be the authorization itself: never ignore that silently.
      const unread = unreadablePdfReasons(record.warnings);
      const suspicious =
        unread.length > 0 &&
        (await mentionsAuthorization(raw, record.email.subject).catch(() => true));
      if (!store.db.open) return;
      if (suspicious) {
        // A PDF we could not read may be the authorization itself: a person must look at it.
        store.messages.setExtracted(id, asReviewCandidate(record, unread));
        this.warnUnreadable(id, record.email.subject, unread);
        return;
      }
      // The reading and the finish in one commit: most mail ends here, and each commit costs.
      const why = record.reasons.slice(0, 3).join('; ');
      this.finishAlone(id, 'ignored', null, why, () => store.messages.setExtracted(id, record));
      return;
    }
    store.messages.setExtracted(id, record);
    this.deps.logger.debug({ emailId: id, kind: record.kind }, 'authorization extracted');
  }

  /** Dashboard logs, the WebSocket feed and /logs?level=warning all show this (no body). */
  private warnUnreadable(id: number, subject: string | null, reasons: string[]): void {
    this.deps.logger.warn(
      { event: 'extraction.unreadable_attachment', emailId: id, subject, reasons },
      `email ${id} (${JSON.stringify(subject ?? '')}) was not recognised as an authorization, ` +
        `but its PDF could not be read (${reasons.join('; ')}): it waits in the review queue`,
    );
  }

  private startPlanning(id: number): void {
    this.planning = this.plan(id)
      .catch((err: unknown) => this.finishAlone(id, 'failed', `planning failed: ${describe(err)}`))
      .finally(() => {
        this.planning = null;
        this.kick();
      });
  }

  private async plan(id: number): Promise<void> {
    const outcome = await this.deps.planning.planMessage(id);
    if (!this.deps.store.db.open) return;
    if (outcome.kind !== 'retry') this.keys.delete(id);
    switch (outcome.kind) {
      case 'retry':
        this.notBefore.set(id, Date.now() + outcome.delayMs);
        return;
      case 'refused':
        return;
      case 'failed':
        this.notBefore.delete(id);
        this.emitFinished(id, 'failed', outcome.authorizationId);
        void this.deps.settler.settle(id);
        return;
      case 'planned':
        this.notBefore.delete(id);
        this.deps.onPlanned();
        this.deps.completion.check(outcome.authorizationId);
        return;
    }
  }

  /**
   * Finishes an email that has no authorization (ignored, failed before planning). `write`
   * (the extraction record) is committed in the same transaction as the finish.
   */
  private finishAlone(
    id: number,
    outcome: MessageOutcome,
    error: string | null,
    note?: string,
    write?: () => void,
  ): void {
    const { store, logger, events } = this.deps;
    if (!store.db.open) return;
    let settle = 'not_needed' as SettleStatus;
    const msg = store.tx(() => {
      write?.();
      const current = store.messages.get(id);
      if (!current || current.state === 'finished') return null;
      const hasAuth = store.authorizations.findByMessage(id) !== null;
      settle = settleStatusFor(current.source, hasAuth);
      store.messages.finish(id, outcome, error, settle);
      return current;
    });
    if (!msg) return;
    if (outcome === 'failed') {
      logger.warn({ event: 'email.failed', emailId: id, error }, `email ${id} failed: ${error}`);
      events.emit({ type: 'email.failed', emailId: id, error: error ?? 'failed' });
    } else {
      logger.debug({ emailId: id, reasons: note }, 'email is not an authorization');
      events.emit({ type: 'email.ignored', emailId: id, subject: msg.subject });
    }
    this.emitFinished(id, outcome, null, msg.createdAt);
    // Mail that is not an authorization is left alone on IMAP (not_needed): nothing to queue.
    if (settle === 'pending') void this.deps.settler.settle(id);
  }

  private emitFinished(
    id: number,
    outcome: string,
    authorizationId: number | null,
    createdAt?: string,
  ): void {
    const since = createdAt ?? this.deps.store.messages.get(id)?.createdAt;
    const latencyMs = since ? Date.now() - Date.parse(since) : 0;
    this.deps.events.emit({
      type: 'email.processed',
      emailId: id,
      outcome,
      authorizationId,
      latencyMs,
    });
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

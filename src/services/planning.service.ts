// Turns an extracted authorization email into an `authorizations` row and its outbox actions:
// asks the ActionPlanner, then inserts the actions and sets every status in ONE transaction, so
// a crash leaves either no plan or the whole plan. Also used to re-plan after a review.
import type { AuthorizationRow } from '../adapters/sqlite/authorization.repository.js';
import { toAuthorizationView, toHistoryItem } from '../adapters/sqlite/authorization.repository.js';
import type { ActionPlanner, PlanResult } from '../core/actions.js';
import { authKey } from '../core/auth-key.js';
import { toAppError } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import type {
  AuthorizationFields,
  AuthorizationKind,
  ExtractionRecord,
} from '../core/extraction-record.js';
import type { Logger } from '../core/logger.js';
import { decideRetry, type RetryPolicy } from '../core/retry-policy.js';
import type { Store } from './store.js';
import { reviewNotesOf } from './unreadable-attachment.js';

export type PlanOutcome =
  | { kind: 'planned'; authorizationId: number; result: PlanResult }
  | { kind: 'retry'; delayMs: number; reason: string }
  /** Only when approved by a person: the planner still wants review; nothing was stored. */
  | { kind: 'refused'; reasons: string[] }
  | { kind: 'failed'; authorizationId: number; reason: string };

export interface PlanningDeps {
  store: Store;
  planner: ActionPlanner;
  events: EventBus;
  logger: Logger;
  policy: RetryPolicy;
  timeZone: string;
}

export function fieldsOf(record: ExtractionRecord): AuthorizationFields {
  return {
    authorizationId: record.authorizationId,
    client: { ...record.client },
    recipient: { ...record.recipient },
    service: { ...record.service },
    mileage: record.mileage,
  };
}

export class Planning {
  constructor(private readonly deps: PlanningDeps) {}

  /** `generation` + 1 when a `new` follows a cancellation of the same key, else the same. */
  generationFor(key: string | null, kind: AuthorizationKind, messageId: number): number {
    const latest = this.deps.store.authorizations.latest(key, messageId);
    if (!latest) return 1;
    return kind === 'new' && latest.kind === 'cancellation'
      ? latest.generation + 1
      : latest.generation;
  }

  /** Plans an email in state `extracted`. */
  async planMessage(messageId: number): Promise<PlanOutcome> {
    const { store } = this.deps;
    const record = store.messages.getExtraction(messageId);
    if (!record) throw new Error(`email ${messageId} has no extraction record`);
    const fields = fieldsOf(record);
    const key = authKey(fields);
    const kind = record.kind ?? 'new';
    const generation = this.generationFor(key, kind, messageId);
    let row = store.authorizations.findByMessage(messageId);
    if (!row) {
      const id = store.authorizations.insert({
        messageId,
        authKey: key,
        kind,
        generation,
        extracted: record,
        fields,
        timeZone: record.timeZone ?? this.deps.timeZone,
      });
      row = store.authorizations.get(id) as AuthorizationRow;
    } else if (!row.corrected) {
      // A crash after the row was made, or the email was extracted again: the new reading wins
      // unless a person corrected the fields.
      store.authorizations.updateFields(
        row.id,
        { fields, authKey: key, kind, generation },
        { extracted: record },
      );
      row = store.authorizations.get(row.id) as AuthorizationRow;
    }
    return this.plan(row, false, reviewNotesOf(record));
  }

  /**
   * Asks the planner and stores the plan; a retryable failure leaves everything as it was.
   * `reviewNotes`: the extraction's notes for a reviewer (read from the store when not given).
   */
  async plan(
    row: AuthorizationRow,
    approvedByUser: boolean,
    reviewNotes = reviewNotesOf(this.deps.store.messages.getExtraction(row.messageId)),
  ): Promise<PlanOutcome> {
    const { store, planner, logger } = this.deps;
    const message = store.messages.get(row.messageId);
    const subject = message?.subject ?? null;
    const history = store.authorizations
      .history(row.authKey, row.id)
      .map((h) => toHistoryItem(h, store.messages.get(h.messageId)?.subject ?? null));
    let result: PlanResult;
    try {
      result = await planner.plan({
        authorization: toAuthorizationView(row, subject),
        history,
        approvedByUser,
        reviewNotes,
      });
    } catch (err) {
      const error = toAppError(err);
      const reason = error.vendorMessage
        ? `${error.message}: ${error.vendorMessage}`
        : error.message;
      if (!approvedByUser && error.retryable) {
        const attempts = store.messages.addAttempt(row.messageId, reason);
        const decision = decideRetry(error, attempts, this.deps.policy);
        if (decision.retry) {
          logger.warn(
            { event: 'pipeline.plan_retry', emailId: row.messageId, code: error.code, attempts },
            `planning email ${row.messageId} failed (${reason}); retrying in ${decision.delayMs} ms`,
          );
          return { kind: 'retry', delayMs: decision.delayMs, reason };
        }
        return this.fail(row, decision.reason);
      }
      if (approvedByUser) throw error;
      return this.fail(row, reason);
    }
    const status = result.status === 'needs_review' ? 'needs_review' : 'queued';
    if (approvedByUser && status === 'needs_review')
      return { kind: 'refused', reasons: result.reviewReasons };
    store.tx(() => {
      store.actions.insertPlanned(row.id, result.actions);
      store.authorizations.setStatus(row.id, status, {
        reviewReasons: result.reviewReasons,
        calculatedMileage: result.calculatedMileage,
        lastError: null,
      });
      if (message && message.state !== 'finished')
        store.messages.setState(row.messageId, 'planned');
    });
    logger.info(
      {
        event: 'authorization.planned',
        authorizationId: row.id,
        emailId: row.messageId,
        status,
        actions: result.actions.map((a) => a.type),
      },
      `authorization ${row.id} (${row.kind}) planned: ${status}, ${result.actions.length} action(s)`,
    );
    this.deps.events.emit({ type: 'authorization.updated', authorizationId: row.id, status });
    if (status === 'needs_review') {
      this.deps.events.emit({
        type: 'review.needed',
        authorizationId: row.id,
        reasons: result.reviewReasons,
      });
    }
    return { kind: 'planned', authorizationId: row.id, result };
  }

  private fail(row: AuthorizationRow, reason: string): PlanOutcome {
    const { store, logger, events } = this.deps;
    store.tx(() => {
      store.authorizations.setStatus(row.id, 'failed', { lastError: reason });
      store.messages.finish(row.messageId, 'failed', `planning failed: ${reason}`, 'pending');
    });
    logger.error(
      {
        event: 'authorization.failed',
        authorizationId: row.id,
        emailId: row.messageId,
        error: reason,
      },
      `planning email ${row.messageId} failed: ${reason}`,
    );
    events.emit({ type: 'authorization.updated', authorizationId: row.id, status: 'failed' });
    events.emit({ type: 'email.failed', emailId: row.messageId, error: reason });
    return { kind: 'failed', authorizationId: row.id, reason };
  }
}

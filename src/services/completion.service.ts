// Closes an authorization once every one of its actions is terminal: the authorization becomes
// done (or failed), its email is finished with the matching outcome, and the source is asked to
// settle it. An authorization in review keeps that status; its email is settled as failed.
import type { AuthorizationRow } from '../adapters/sqlite/authorization.repository.js';
import type { MessageOutcome } from '../adapters/sqlite/message.repository.js';
import type { EventBus } from '../core/events.js';
import type { Logger } from '../core/logger.js';
import type { Settler } from './settler.service.js';
import type { Store } from './store.js';

export class Completion {
  constructor(
    private readonly store: Store,
    private readonly settler: Settler,
    private readonly events: EventBus,
    private readonly logger: Logger,
  ) {}

  /**
   * After a crash between an authorization's last step and its completion (or a plan with no
   * actions): completes every planned email whose actions are all terminal.
   */
  recoverPlanned(): void {
    for (const row of this.store.messages.listInStates(['planned'], Number.MAX_SAFE_INTEGER)) {
      const auth = this.store.authorizations.findByMessage(row.id);
      if (auth) this.check(auth.id);
    }
  }

  /** Finishes the authorization if nothing of it is still open; safe to call any time. */
  check(authorizationId: number): void {
    const { store } = this;
    if (!store.db.open || store.actions.countOpenFor(authorizationId) > 0) return;
    const auth = store.authorizations.get(authorizationId);
    if (!auth || auth.status === 'rejected') return;
    const failed = store.actions
      .listForAuthorization(authorizationId)
      .filter((a) => a.status === 'failed');
    const error = failed.length
      ? failed.map((a) => `${a.type}: ${a.lastError ?? 'failed'}`).join('; ')
      : null;
    let outcome: MessageOutcome;
    let status = auth.status;
    if (auth.status === 'needs_review') {
      outcome = 'needs_review';
    } else {
      status = failed.length ? 'failed' : 'done';
      outcome = failed.length ? 'failed' : 'authorization';
    }
    const msg = store.messages.get(auth.messageId);
    const finishing = msg !== null && msg.state !== 'finished';
    store.tx(() => {
      if (status !== auth.status || auth.lastError !== error) {
        store.authorizations.setStatus(auth.id, status, { lastError: error });
      }
      if (finishing) store.messages.finish(auth.messageId, outcome, error, 'pending');
    });
    if (status !== auth.status) {
      this.events.emit({ type: 'authorization.updated', authorizationId: auth.id, status });
    }
    if (!finishing || !msg) return;
    this.logCompletion(auth, outcome, error);
    this.events.emit({
      type: 'email.processed',
      emailId: msg.id,
      outcome,
      authorizationId: auth.id,
      latencyMs: Date.now() - Date.parse(msg.createdAt),
    });
    if (outcome === 'failed')
      this.events.emit({ type: 'email.failed', emailId: msg.id, error: error ?? 'failed' });
    void this.settler.settle(msg.id);
  }

  private logCompletion(
    auth: AuthorizationRow,
    outcome: MessageOutcome,
    error: string | null,
  ): void {
    const base = { authorizationId: auth.id, emailId: auth.messageId, kind: auth.kind };
    if (outcome === 'failed') {
      this.logger.error(
        { ...base, event: 'authorization.failed', error },
        `authorization ${auth.id} failed: ${error}`,
      );
    } else if (outcome === 'needs_review') {
      this.logger.info(
        { ...base, event: 'authorization.needs_review' },
        `authorization ${auth.id} waits for review`,
      );
    } else {
      this.logger.info(
        { ...base, event: 'authorization.done' },
        `authorization ${auth.id} handled`,
      );
    }
  }
}

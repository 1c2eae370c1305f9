// Asks the mail source to settle finished messages (move / flag / leave), one at a time, and
// records the result. A failure is logged and kept as settle_status='failed' so the next start
// tries again; the message itself is never lost.
import type { Logger } from '../core/logger.js';
import type { MailSource } from '../core/mail.js';
import type { StoredMessage } from '../adapters/sqlite/message.repository.js';
import { settleOutcomeFor } from './settle-policy.js';
import type { Store } from './store.js';

export class Settler {
  private chain: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(
    private readonly store: Store,
    private readonly source: () => MailSource | null,
    private readonly logger: Logger,
  ) {}

  /** Queues one message for settling; resolves when it has been tried. */
  settle(messageId: number): Promise<void> {
    this.pending++;
    const next = this.chain.then(() => this.settleOne(messageId)).finally(() => this.pending--);
    this.chain = next;
    return next;
  }

  /** Settles every finished message still waiting (after a crash or an earlier failure). */
  async settleOutstanding(): Promise<void> {
    const source = this.source();
    if (!source) return;
    const ids = this.store.messages.listToSettle(source.kind).map((m) => m.id);
    await Promise.all(ids.map((id) => this.settle(id)));
  }

  get busy(): boolean {
    return this.pending > 0;
  }

  idle(): Promise<void> {
    return this.chain;
  }

  private async settleOne(id: number): Promise<void> {
    const source = this.source();
    if (!source || !this.store.db.open) return;
    const msg = this.store.messages.get(id);
    if (!msg || msg.state !== 'finished' || msg.source !== source.kind) return;
    if (msg.settleStatus !== 'pending' && msg.settleStatus !== 'failed') return;
    try {
      await source.settle(toRequest(msg));
      if (this.store.db.open) this.store.messages.setSettled(id, 'done', null);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      if (this.store.db.open) this.store.messages.setSettled(id, 'failed', reason);
      this.logger.warn(
        { event: 'message.settle_failed', emailId: id, err },
        `could not settle email ${id}; will try again on next start`,
      );
    }
  }
}

function toRequest(msg: StoredMessage) {
  return {
    source: msg.source,
    mailbox: msg.mailbox,
    uidValidity: msg.uidValidity,
    uid: msg.uid,
    sourceRef: msg.sourceRef,
    messageIdHeader: msg.messageIdHeader,
    outcome: settleOutcomeFor(msg.outcome),
  };
}

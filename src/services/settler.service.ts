// Asks the mail source to settle finished messages (move / flag / leave) and records each
// result. Requests that arrive while a settle is under way are gathered and handed over
// together (one server round per batch when the source can batch). A failure is logged and
// kept as settle_status='failed' so the next start tries again; the message is never lost.
import type { Logger } from '../core/logger.js';
import type { MailSource, SettleRequest } from '../core/mail.js';
import type { StoredMessage } from '../adapters/sqlite/message.repository.js';
import { settleOutcomeFor } from './settle-policy.js';
import type { Store } from './store.js';

/** Messages handed to the source in one batch. */
const BATCH_MAX = 500;

export class Settler {
  private chain: Promise<void> = Promise.resolve();
  private pending = 0;
  private scheduled = false;
  /** Messages waiting for the next batch, with whoever waits for each. */
  private readonly queued = new Map<number, (() => void)[]>();

  constructor(
    private readonly store: Store,
    private readonly source: () => MailSource | null,
    private readonly logger: Logger,
  ) {}

  /** Queues one message for settling; resolves when it has been tried. */
  settle(messageId: number): Promise<void> {
    this.pending++;
    const tried = new Promise<void>((resolve) => {
      const waiters = this.queued.get(messageId);
      if (waiters) waiters.push(resolve);
      else this.queued.set(messageId, [resolve]);
    }).finally(() => this.pending--);
    this.schedule();
    return tried;
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

  /** One batch at a time; requests made meanwhile wait for the next one. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.chain = this.chain
      // A turn of the event loop, so requests made together go out together.
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => {
        this.scheduled = false;
        return this.settleQueued();
      })
      .catch((err: unknown) => {
        this.logger.error({ event: 'settle.internal_error', err }, 'settling failed unexpectedly');
      });
  }

  private async settleQueued(): Promise<void> {
    const batch = [...this.queued].slice(0, BATCH_MAX);
    for (const [id] of batch) this.queued.delete(id);
    if (this.queued.size > 0) this.schedule();
    try {
      await this.settleBatch(batch.map(([id]) => id));
    } finally {
      for (const [, waiters] of batch) for (const resolve of waiters) resolve();
    }
  }

  private async settleBatch(ids: number[]): Promise<void> {
    const source = this.source();
    if (!source || !this.store.db.open) return;
    // Only finished work is settled, and only what is still outstanding.
    const ready = ids
      .map((id) => this.store.messages.get(id))
      .filter(
        (msg): msg is StoredMessage =>
          msg !== null &&
          msg.state === 'finished' &&
          msg.source === source.kind &&
          (msg.settleStatus === 'pending' || msg.settleStatus === 'failed'),
      );
    if (ready.length === 0) return;
    const results = await settleAll(source, ready.map(toRequest));
    if (!this.store.db.open) return;
    this.store.tx(() => {
      for (const [i, r] of results.entries()) {
        const reason = r.status === 'rejected' ? describe(r.reason) : null;
        this.store.messages.setSettled(ready[i]!.id, reason === null ? 'done' : 'failed', reason);
      }
    });
    for (const [i, r] of results.entries()) {
      if (r.status === 'fulfilled') continue;
      this.logger.warn(
        { event: 'message.settle_failed', emailId: ready[i]!.id, err: r.reason },
        `could not settle email ${ready[i]!.id}; will try again on next start`,
      );
    }
  }
}

/** Through the source's batch settle when it has one, else one request after another. */
async function settleAll(
  source: MailSource,
  requests: SettleRequest[],
): Promise<PromiseSettledResult<void>[]> {
  if (source.settleMany) {
    try {
      return await source.settleMany(requests);
    } catch (err) {
      return requests.map(() => ({ status: 'rejected', reason: err }));
    }
  }
  const out: PromiseSettledResult<void>[] = [];
  for (const request of requests) {
    try {
      await source.settle(request);
      out.push({ status: 'fulfilled', value: undefined });
    } catch (err) {
      out.push({ status: 'rejected', reason: err });
    }
  }
  return out;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function toRequest(msg: StoredMessage): SettleRequest {
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

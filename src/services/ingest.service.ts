// The MessageSink every source delivers to: stores each message durably (raw bytes, hash,
// Message-ID) before the source may advance, records duplicates without processing them, and
// wakes the pipeline. A batch (one IMAP fetch window) is stored in one transaction.
import type { StoreResult } from '../adapters/sqlite/message.repository.js';
import type { EventBus } from '../core/events.js';
import type { Logger } from '../core/logger.js';
import type { AcceptResult, IncomingMessage, MessageSink } from '../core/mail.js';
import { readHeaderSummary } from './message-headers.js';
import { settleStatusFor } from './settle-policy.js';
import type { Settler } from './settler.service.js';
import type { Store } from './store.js';

export interface IngestDeps {
  store: Store;
  settler: Settler;
  events: EventBus;
  logger: Logger;
  /** Called after a new message is stored. */
  onStored: () => void;
}

type Headers = ReturnType<typeof readHeaderSummary>;

interface Stored {
  result: StoreResult;
  headers: Headers;
  size: number;
}

export function createIngest(deps: IngestDeps): MessageSink {
  const { store, events, logger } = deps;

  /** Inside the caller's transaction: the row, and a duplicate's settle status with it. */
  function storeOne(message: IncomingMessage): Stored {
    const headers = readHeaderSummary(message.raw);
    const result = store.messages.storeWithinTransaction(message, headers);
    if (result.isNew && result.duplicateOf !== null) {
      store.messages.setSettled(result.messageId, settleStatusFor(message.source, false), null);
    }
    return { result, headers, size: message.raw.length };
  }

  /** After the commit: events, logs, settles and the pipeline's wake-up. */
  function announce({ result, headers, size }: Stored): AcceptResult {
    if (result.needsResettle) void deps.settler.settle(result.messageId);
    if (!result.isNew) return { messageId: result.messageId, isNew: false };
    events.emit({
      type: 'email.received',
      emailId: result.messageId,
      subject: headers.subject,
      from: headers.from,
    });
    if (result.duplicateOf !== null) {
      logger.info(
        { event: 'email.duplicate', emailId: result.messageId, duplicateOf: result.duplicateOf },
        `email ${result.messageId} repeats the Message-ID of email ${result.duplicateOf} with different content; recorded, not processed`,
      );
      events.emit({ type: 'email.ignored', emailId: result.messageId, subject: headers.subject });
      void deps.settler.settle(result.messageId);
    } else {
      logger.debug({ emailId: result.messageId, size }, 'email stored');
    }
    return { messageId: result.messageId, isNew: true };
  }

  function acceptAll(messages: readonly IncomingMessage[]): AcceptResult[] {
    // One commit for the whole batch: all stored, or (on a throw) none.
    const stored = store.tx(() => messages.map(storeOne));
    const results = stored.map(announce);
    if (results.some((r, i) => r.isNew && stored[i]!.result.duplicateOf === null)) deps.onStored();
    return results;
  }

  return {
    async accept(message: IncomingMessage): Promise<AcceptResult> {
      return acceptAll([message])[0]!;
    },
    async acceptBatch(messages: readonly IncomingMessage[]): Promise<AcceptResult[]> {
      return messages.length === 0 ? [] : acceptAll(messages);
    },
  };
}

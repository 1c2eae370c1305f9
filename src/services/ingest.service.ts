// The MessageSink every source delivers to: stores each message durably (raw bytes, hash,
// Message-ID) before the source may advance, records duplicates without processing them, and
// wakes the pipeline.
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

export function createIngest(deps: IngestDeps): MessageSink {
  const { store, events, logger } = deps;
  return {
    async accept(message: IncomingMessage): Promise<AcceptResult> {
      const headers = readHeaderSummary(message.raw);
      const result = store.messages.store(message, headers);
      if (result.needsResettle) void deps.settler.settle(result.messageId);
      if (!result.isNew) return { messageId: result.messageId, isNew: false };
      events.emit({
        type: 'email.received',
        emailId: result.messageId,
        subject: headers.subject,
        from: headers.from,
      });
      if (result.duplicateOf !== null) {
        store.messages.setSettled(result.messageId, settleStatusFor(message.source, false), null);
        logger.info(
          { event: 'email.duplicate', emailId: result.messageId, duplicateOf: result.duplicateOf },
          `email ${result.messageId} repeats the Message-ID of email ${result.duplicateOf} with different content; recorded, not processed`,
        );
        events.emit({ type: 'email.ignored', emailId: result.messageId, subject: headers.subject });
        void deps.settler.settle(result.messageId);
      } else {
        logger.debug({ emailId: result.messageId, size: message.raw.length }, 'email stored');
        deps.onStored();
      }
      return { messageId: result.messageId, isNew: true };
    },
  };
}

// Which finished messages a source is asked to settle, and how. IMAP mail that is not an
// authorization is never touched; the folder source moves every handled file so its inbox
// empties.
import type { MessageOutcome, SettleStatus } from '../adapters/sqlite/message.repository.js';
import type { SettleOutcome, SourceKind } from '../core/mail.js';

export function settleStatusFor(source: SourceKind, hasAuthorization: boolean): SettleStatus {
  return source === 'folder' || hasAuthorization ? 'pending' : 'not_needed';
}

export function settleOutcomeFor(outcome: MessageOutcome | null): SettleOutcome {
  return outcome === 'failed' || outcome === 'needs_review' ? 'failed' : 'processed';
}

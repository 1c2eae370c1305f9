// new / amendment / cancellation. Subject keywords (bundled plus the rules file) count for a
// fresh email; in the body only phrases that tie the change to the authorization or service
// count, so "if the consumer cancels…" or "keep us updated" change nothing.
import type { AuthorizationKind } from '../extraction-record.js';
import type { EmailDoc } from './document.js';
import { containsPhrase, fold } from './text.js';

const OBJECT = String.raw`(?:service |trip |interpreter |interpreting |job coaching |home visit |transport(?:ation)? )?(?:authori[sz]ations?|auths?|assignments?|trips?|rides?|referrals?|po|purchase orders?|vouchers?|work orders?|appointments?|sessions?|visits?|services?|shifts?|bookings?|jobs?|orders?|requests?)`;
/** An id or "for NAME" between the noun and its verb ("Authorization AB-12 for Jo Li has been …"). */
const GAP = String.raw`(?:\s+(?:#\s*|no\.?\s*)?[a-z0-9][\w/-]*\d[\w/-]*)?(?:\s+for\s+[^\s.,;:!?]+(?:\s+[^\s.,;:!?]+){0,4}?)?`;
export const CANCEL_BODY = new RegExp(
  String.raw`\b(?:please (?:cancel|void|withdraw|disregard)|(?:has|have) been (?:cancel+ed|voided|withdrawn|rescinded|terminated|revoked|discontinued)|(?:is|are|was|were) (?:now |hereby )?(?:cancel+ed|void|voided|withdrawn|rescinded|terminated|revoked|discontinued)|hereby (?:cancel+s?|rescinds?|voids?|withdraws?|revokes?)|cancel+ation (?:of|notice|for)|${OBJECT}${GAP} (?:cancel+ed|cancel+ation|void(?:ed)?|withdrawn|rescinded|revoked)|no (?:services|service|further services) (?:should|are to|will) be (?:delivered|provided)|no longer (?:authori[sz]ed|approved|needed|required))\b`,
  'i',
);
const CANCEL_EXCEPT =
  /\b(replac(?:ed|es|ing)|supersed\w*|cancel+ation (policy|fee)|late cancel|no[- ]show|if (?:you|the \w+|they|he|she|we) (?:need to |must )?cancel|to cancel|cancel+ations? (?:must|require|within)|hours'? notice)\b/i;
export const AMEND_BODY = new RegExp(
  String.raw`\b(?:(?:revised|amended|corrected|updated|modified|rescheduled|changed) ${OBJECT}|${OBJECT}${GAP} (?:has|have) (?:been )?(?:revised|amended|updated|changed|modified|corrected|rescheduled|extended)|(?:amendment|modification|correction|revision|change|update|extension)s? (?:to|for|of) (?:the |your |this )?${OBJECT}|(?:mileage|date|time|location|address|units|hours|destination|schedule|pick-?up) (?:update|change|correction)|(?:has|have) changed to|replaces the (?:version|one|authori[sz]ation|previous)|(?:rescheduled|moved|changed) (?:to|from)|\*+\s*revised)\b`,
  'i',
);
/**
 * Necessary conditions read off the two patterns above: each of their alternatives contains
 * one of these substrings ("cancel+ed" contains "cancel", the "no services … will be provided"
 * branch "be provided", "no longer …" itself; every amendment branch a change verb or noun).
 * A body with none of them cannot match, so the long patterns (the costliest scans of a long
 * body) are not run over it; the results are the same. Keep them in step with the patterns.
 */
export const CANCEL_NEEDS =
  /cancel|void|withdraw|disregard|rescind|terminat|revok|discontinu|be delivered|be provided|no longer/i;
export const AMEND_NEEDS = /revis|amend|correct|updat|modif|reschedul|chang|exten|replaces|moved/i;

/** A change sentence must be about the service ("our office has moved to …" is not). */
const AMEND_CONTEXT =
  /\b(authori[sz]\w*|auths?|sessions?|appointments?|trips?|rides?|visits?|assignments?|services?|dates?|times?|schedule\w*|po|referrals?|vouchers?|mileage|units|hours|pick-?up|destination|location|address|shift|revised|amended|corrected)\b/i;
const SUBJECT_AMEND_EXCEPT =
  /\b(change request|request (a |to )?change|update your|updated? (contact|address|information|info|profile|policy|terms))\b/i;

export function detectKind(
  doc: EmailDoc,
  subject: string,
  body: string,
): { kind: AuthorizationKind; reason: string | null } {
  const subj = fold(subject);
  const kw = doc.rules.keywords;
  // One pass over the whole body first; sentences only when it matched somewhere.
  const hasCancel = CANCEL_NEEDS.test(body) && CANCEL_BODY.test(body);
  const hasAmend = AMEND_NEEDS.test(body) && AMEND_BODY.test(body);
  const sentences = hasCancel || hasAmend ? body.split(/(?<=[.!?])\s+|\n/) : [];
  const cancelSentence = hasCancel
    ? sentences.find((s) => CANCEL_BODY.test(s) && !CANCEL_EXCEPT.test(s))
    : undefined;
  if (cancelSentence) return { kind: 'cancellation', reason: 'cancellation wording in the body' };
  if (subj && !CANCEL_EXCEPT.test(subject) && kw.cancellation.some((p) => containsPhrase(subj, p)))
    return { kind: 'cancellation', reason: 'cancellation wording in the subject' };
  const amendSentence = hasAmend
    ? sentences.find((s) => AMEND_BODY.test(s) && AMEND_CONTEXT.test(s))
    : undefined;
  if (amendSentence) return { kind: 'amendment', reason: 'amendment wording in the body' };
  if (
    subj &&
    !SUBJECT_AMEND_EXCEPT.test(subject) &&
    kw.amendment.some((p) => containsPhrase(subj, p))
  )
    return { kind: 'amendment', reason: 'amendment wording in the subject' };
  return { kind: 'new', reason: null };
}

// Decides whether an email is a service authorization (and of which kind) from weighted
// signals plus what the field readers found in the fresh text. Precision first: a veto
// (pending, denied, card alert, invoice …) or too little evidence means "not an
// authorization"; every decision carries the reasons behind it.
import type { AuthorizationKind } from '../extraction-record.js';
import type { EmailDoc } from './document.js';
import { detectSignals } from './classify-signals.js';
import { detectKind } from './classify-kind.js';
import { containsPhrase, escapeRegExp, fold } from './text.js';
import { ID_NOUNS, MARKED_ID_NOUNS } from './fields/authorization-id.js';

export interface Evidence {
  /** An authorization id was read from the fresh body (not the subject). */
  hasId: boolean;
  /** Session details read from the fresh body: date, time, recipient, location, duration. */
  details: string[];
}

export interface Classification {
  isAuthorization: boolean;
  kind: AuthorizationKind | null;
  confidence: number;
  reasons: string[];
}

const THRESHOLD = 5;
// Service words, or any id noun of the id reader followed by a number ("PO 5521", "Job # 26-1").
const AUTH_VOCAB = new RegExp(
  String.raw`\b(?:authori[sz]|assignment|referral|voucher|purchase order|work order|(?:${ID_NOUNS}|${MARKED_ID_NOUNS})\s*(?:#|number|no\.?|nbr|id)?\s*:?\s*[a-z0-9-]*\d|service order|trip|ride\b)`,
  'i',
);

const anyPhraseCache = new WeakMap<string[], RegExp | null>();

/**
 * One scan for "does any of these phrases occur at all" (as plain text in the folded text,
 * which containsPhrase needs before it checks word boundaries): usually none does, and the
 * phrase-by-phrase search is skipped. Null when no phrase can occur.
 */
function anyPhrase(phrases: string[]): RegExp | null {
  let re = anyPhraseCache.get(phrases);
  if (re === undefined) {
    const alts = phrases.map((p) => fold(p).trim()).filter(Boolean);
    re = alts.length ? new RegExp(alts.map(escapeRegExp).join('|')) : null;
    anyPhraseCache.set(phrases, re);
  }
  return re;
}

export function classify(doc: EmailDoc, evidence: Evidence): Classification {
  const reasons: string[] = [];
  // A reply's subject repeats the original's: it is no evidence of anything new.
  const subject = doc.email.isReply && !doc.email.isForward ? '' : doc.subjectCore;
  const body = doc.freshText;
  const hits = detectSignals(subject, body, doc.subject);
  const folded = fold(`${subject}\n${body}`);
  const { notAuthorization, authorization } = doc.rules.keywords;
  const anyNot = anyPhrase(notAuthorization)?.test(folded) ?? false;
  for (const phrase of anyNot ? notAuthorization : []) {
    if (containsPhrase(folded, phrase))
      hits.push({ name: `keyword "${phrase}"`, weight: -8, veto: true });
  }
  // A calendar file attached makes it an invite, whatever the text says.
  if (
    doc.email.attachments.some(
      (a) =>
        /text\/calendar|application\/ics/i.test(a.contentType) || /\.ics$/i.test(a.filename ?? ''),
    )
  )
    hits.push({ name: 'calendar invite (attachment)', weight: -8, veto: true });
  let userPositive = 0;
  const anyAuth = anyPhrase(authorization)?.test(folded) ?? false;
  for (const phrase of anyAuth ? authorization : []) {
    if (userPositive < 2 && containsPhrase(folded, phrase)) userPositive++;
  }

  const vetoes = hits.filter((h) => h.veto);
  const positives = hits.filter((h) => h.weight > 0);
  const approval = positives.some((h) => h.name.startsWith('approval phrase'));
  const authNoun = positives.some((h) => h.name.startsWith('authorization noun'));
  // "Approved" alone is not enough: the service vocabulary (authorization, assignment,
  // referral, PO, voucher, trip …) must be there too.
  const authVocab = userPositive > 0 || AUTH_VOCAB.test(`${subject}\n${body}`);
  const authContext = (positives.length > 0 || userPositive > 0 || evidence.hasId) && authVocab;
  const kind = detectKind(doc, subject, body);

  let score = hits.reduce((s, h) => s + h.weight, 0) + userPositive;
  if (evidence.hasId) score += 3;
  // A cancellation or change of a numbered authorization says little else.
  if (evidence.hasId && kind.kind !== 'new' && kind.reason?.includes('body')) score += 2;
  score += Math.min(evidence.details.length, 4);

  for (const h of positives) reasons.push(`+ ${h.name}`);
  if (evidence.hasId) reasons.push('+ authorization id in the body');
  if (evidence.details.length) reasons.push(`+ service details: ${evidence.details.join(', ')}`);
  for (const h of hits.filter((x) => x.weight < 0))
    reasons.push(`- ${h.name}${h.veto ? ' (veto)' : ''}`);

  // An id plus a date and a name is what every follow-up notice shows too: the email must
  // issue something (an approval, a change, a cancellation) or carry a whole service block.
  const has = (d: string): boolean => evidence.details.includes(d);
  const serviceBlock =
    has('date') &&
    [has('time') || has('duration'), has('location'), has('mileage')].filter(Boolean).length >= 2;
  const issuingAct = approval || kind.kind !== 'new';
  const enoughEvidence =
    (evidence.hasId &&
      (issuingAct || serviceBlock || (authNoun && evidence.details.length >= 2))) ||
    (approval && evidence.details.length >= 3);

  let isAuthorization = authContext && enoughEvidence && vetoes.length === 0 && score >= THRESHOLD;
  if (!authContext) reasons.push('- no authorization wording');
  if (!enoughEvidence) {
    reasons.push(
      doc.email.isReply && /authori|approv/i.test(doc.quotedText) && !evidence.hasId
        ? '- authorization details only in the quoted part'
        : '- too few service details',
    );
  }
  if (doc.email.views.length === 0) {
    isAuthorization = false;
    reasons.push('- no readable text');
  }
  const confidence = isAuthorization
    ? Math.min(0.99, 0.5 + score / 30)
    : vetoes.length
      ? 0.02
      : Math.max(0.02, Math.min(0.45, score / 25));
  if (isAuthorization && kind.reason) reasons.push(`kind: ${kind.reason}`);
  return {
    isAuthorization,
    kind: isAuthorization ? kind.kind : null,
    confidence: Math.round(confidence * 100) / 100,
    reasons,
  };
}

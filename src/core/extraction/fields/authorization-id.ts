// The authorization id: the number labelled as authorization / PO / voucher / work order /
// job / assignment / referral / approval, written exactly as shown without its label. Claim,
// case, member, trip, court-order, request, vendor and invoice numbers are never taken.
import type { EmailDoc } from '../document.js';
import { proseLines, labelHits, labelSource, textSource, type Found } from './common.js';

const ID_WORDS = new Set([
  'authorization',
  'authorisation',
  'authorizations',
  'auth',
  'po',
  'purchase',
  'voucher',
  'work',
  'referral',
  'assignment',
  'approval',
  'job',
  'sa',
  'pa',
  'booking',
  'confirmation',
]);
const STRONG = new Set(['authorization', 'authorisation', 'authorizations', 'auth']);
const ALLOWED = new Set([
  ...ID_WORDS,
  'number',
  'id',
  'identifier',
  'ref',
  'reference',
  'service',
  'services',
  'prior',
  'the',
  'trip',
  'ride',
  'transport',
  'transportation',
  'interpreter',
  'interpreting',
  'new',
  'revised',
  'amended',
  'your',
  'our',
  'this',
  'approved',
  'authorized',
  'order',
  'control',
  'tracking',
  'and',
  'or',
  'of',
  'for',
  'waiver',
  'vr',
  'sr',
  'client',
]);
// A label with one of these is some other number even when it also says "authorization".
const EXCLUDED = new Set([
  'claim',
  'member',
  'subscriber',
  'policy',
  'group',
  'court',
  'request',
  'requested',
  'vendor',
  'provider',
  'invoice',
  'npi',
  'tax',
  'dob',
  'birth',
  'phone',
  'fax',
  'account',
  'code',
  'date',
  'period',
  'status',
  'type',
  'expiration',
  'expires',
  'units',
  'hours',
  'amount',
  'rate',
  'by',
  'signature',
  'contact',
  'total',
  'case',
]);

/** Rank of a normalised label as an id label, or null when it is not one. */
export function idLabelRank(norm: string): number | null {
  const tokens = norm.split(' ');
  if (tokens.length > 5) return null;
  if (tokens.some((t) => EXCLUDED.has(t))) return null;
  if (!tokens.every((t) => ALLOWED.has(t))) return null;
  if (!tokens.some((t) => ID_WORDS.has(t))) return null;
  if (tokens.includes('order') && !tokens.includes('purchase') && !tokens.includes('work'))
    return null;
  if (tokens.includes('confirmation') || tokens.includes('booking')) return 1;
  return tokens.some((t) => STRONG.has(t)) ? 4 : 3;
}

const TOKEN = String.raw`([A-Z0-9][A-Z0-9_\-/.]*[A-Z0-9]|[A-Z0-9]{3,})`;
/**
 * The nouns an id follows in prose, shared with the classifier's vocabulary check. "job" and
 * "booking" are everyday words, so they count only with a number marker ("Job # 26-44").
 */
export const ID_NOUNS = String.raw`(?:authori[sz]ation|auth|p\.?o\.?|purchase\s+order|voucher|work\s+order|referral|assignment|approval)`;
export const MARKED_ID_NOUNS = String.raw`(?:job|booking)\s*(?:#|number\b|no\.|nbr\b)`;
const PROSE_RE = new RegExp(
  String.raw`\b(?:service\s+|prior\s+|trip\s+|new\s+)?(${ID_NOUNS}\b\.?|${MARKED_ID_NOUNS})(?:\s*(?:number|no\.?|num|nbr|id|#))*\s*(?:is|was|of)?\s*(?:number|no\.?|#)?\s*[:#]?\s*${TOKEN}`,
  'gi',
);

/** An id is one token with a digit that is not a date, time, amount or bare year. */
export function cleanId(raw: string): string | null {
  const first = raw.trim().split(/\s+/)[0] ?? '';
  const id = first.replace(/^[#:([]+/, '').replace(/[.,;:)\]]+$/, '');
  if (id.length < 3 || id.length > 40) return null;
  if (!/\d/.test(id)) return null;
  if (!/^[A-Za-z0-9][A-Za-z0-9_\-/.]*$/.test(id)) return null;
  if (/^\d{1,2}[/.-]\d{1,2}([/.-]\d{2,4})?$/.test(id)) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(id)) return null;
  if (/^(19|20)\d{2}$/.test(id)) return null;
  if (/^\d{1,2}(:\d{2})?(am|pm)?$/i.test(id)) return null;
  if (/^\$/.test(id)) return null;
  return id;
}

export function readAuthorizationId(doc: EmailDoc, allowSubject: boolean): Found<string> | null {
  const hits = labelHits(doc, 'authorizationId', { match: idLabelRank });
  const ranked = hits
    .map((h) => ({ h, rank: idLabelRank(h.cell.norm) ?? 2 }))
    .sort((a, b) => b.rank - a.rank);
  for (const { h } of ranked) {
    const id = cleanId(h.cell.value);
    if (id) return { value: id, source: labelSource(h) };
  }
  for (const line of proseLines(doc)) {
    const id = idInProse(line.text);
    if (id) return { value: id, source: textSource(line) };
  }
  if (allowSubject) {
    const id = idInProse(doc.subjectCore);
    if (id) return { value: id, source: 'subject' };
  }
  return null;
}

export function idInProse(text: string): string | null {
  PROSE_RE.lastIndex = 0;
  for (let m = PROSE_RE.exec(text); m; m = PROSE_RE.exec(text)) {
    const before = text.slice(Math.max(0, m.index - 12), m.index).toLowerCase();
    // "card authorization 1234", "request for authorization 55" are not ids of a service.
    if (/(card|request|claim|member|case)\s*$/.test(before)) continue;
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 12);
    if (
      /^\s*(units?|hours?|hrs?|minutes?|mins?|miles?|mi|visits?|sessions?|days?|weeks?|%)\b/i.test(
        after,
      )
    )
      continue;
    const id = cleanId(m[2] ?? '');
    if (id && !/^\d{1,3}$/.test(id)) return id;
  }
  return null;
}

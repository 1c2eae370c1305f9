// Spots the email a person must look at although the classifier said "not an authorization":
// it carries a PDF whose text could not be read (timeout, encrypted, corrupt, no text layer)
// and its subject or body mentions an authorization-like word. Such an email goes to the review
// queue as a candidate (never to an invoice: its fields are unknown), with the reason shown.
import type { ExtractionRecord } from '../core/extraction-record.js';
import { readEmail } from '../adapters/mime/read-email.js';

/** Marks a classifier reason that is a note for the reviewer (see reviewNotesOf). */
const REVIEW_NOTE = 'needs review: ';

/** The record as a review candidate: planned like an authorization, held for a person. */
export function asReviewCandidate(record: ExtractionRecord, unread: string[]): ExtractionRecord {
  const note = `a PDF attachment could not be read (${unread.join('; ')}) and the email mentions an authorization: open the email, enter the fields from the PDF and approve, or reject it`;
  return {
    ...record,
    isAuthorization: true,
    kind: record.kind ?? 'new',
    reasons: [`${REVIEW_NOTE}${note}`, ...record.reasons],
  };
}

/** Notes for the reviewer carried by an extraction record. */
export function reviewNotesOf(record: ExtractionRecord | null): string[] {
  return (record?.reasons ?? [])
    .filter((r) => r.startsWith(REVIEW_NOTE))
    .map((r) => r.slice(REVIEW_NOTE.length));
}

// The PDF reader's warnings (adapters/pdf) for a PDF it could not turn into text. A PDF read
// only in part ("only the first N read") still gave text, so it does not count.
const UNREADABLE_PDF =
  /\bPDF (?:of \d+ bytes is over|reader unavailable|not read|has no text layer|is encrypted|could not be read)|\bPDF attachments: .* not read/;

const AUTHORIZATION_WORDS =
  /\b(?:authori[sz]ations?|authori[sz]ed|approvals?|approved|referrals?|services?|purchase orders?)\b|\bP\.?O\.?(?:\s*(?:#|no\.?|number)|\b)/i;

/** Why the PDF(s) could not be read, without the file names (they may name the person). */
export function unreadablePdfReasons(warnings: readonly string[]): string[] {
  const out: string[] = [];
  for (const w of warnings) {
    const m = UNREADABLE_PDF.exec(w);
    if (m) out.push(w.slice(m.index));
  }
  return out;
}

/** Subject first (free); the body only when needed, read again without its PDFs (cheap). */
export async function mentionsAuthorization(raw: Buffer, subject: string | null): Promise<boolean> {
  if (subject && AUTHORIZATION_WORDS.test(subject)) return true;
  const email = await readEmail(raw, { maxPdfBytes: 0 });
  if (AUTHORIZATION_WORDS.test(email.subject)) return true;
  return email.views.some(
    (v) => (v.kind === 'plain' || v.kind === 'html') && AUTHORIZATION_WORDS.test(v.text),
  );
}

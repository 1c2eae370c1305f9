// The session date: a date-of-service label first, then a date in prose with a service
// context ("on Tuesday, March 4, 2025", "Trip date 09/22/2026", "start date 2026-01-12").
// Never a birth, injury, issue, signature, payment or "received"/"sent" date, never one
// end of an authorization period ("the period now ends 02/28/2027"), never a replaced date.
import type { EmailDoc } from '../document.js';
import { findDates, formatYMD, type DateMatch } from '../dates.js';
import { proseLines, labelHits, labelSource, textSource, type Found } from './common.js';

const DECOY_LABEL =
  /\b(birth|dob|injury|issued?|sent|signed|signature|received|payment|paid|due|expir\w*|end|through|thru|until|period|created|printed|requested|referral date|authorization date|approval date|approved on|date approved|report)\b/i;
const DECOY_BEFORE =
  /\b(dob|d\.o\.b\.?|birth|born|injury|injured|issued|sent|signed|received|replaces the version|dated|paid|payment|due|expires?|expiring|ending|created|requested on|submitted|ends|ended|instead of|period)\b[^.;]{0,24}$/i;
const SERVICE_BEFORE =
  /\b(on|service|session|appointment|appt|visit|trip|ride|pick-?up|shift|assignment|meeting|start(?:ing)?|begin(?:ning)?|scheduled|date|for|dos)\b[^.;]{0,20}$/i;

export function readDate(doc: EmailDoc): Found<string> | null {
  const order = doc.senderRule?.dateOrder ?? 'MDY';
  const opts = { ref: doc.refDate, order };
  for (const hit of labelHits(doc, 'date')) {
    if (DECOY_LABEL.test(hit.cell.label) && !/service|session|start/i.test(hit.cell.label))
      continue;
    const dates = findDates(hit.cell.value, opts);
    const first = dates[0];
    if (first) return { value: formatYMD(first.date), source: labelSource(hit) };
  }
  // Prose: the first date with a service context and no decoy context.
  let fallback: Found<string> | null = null;
  for (const line of proseLines(doc)) {
    const dates = findDates(line.text, opts);
    for (const d of dates) {
      if (isRangeEnd(line.text, d, dates)) continue;
      const before = line.text.slice(Math.max(0, d.index - 40), d.index);
      if (DECOY_BEFORE.test(before)) continue;
      if (isLabelledOther(line.text, d)) continue;
      if (SERVICE_BEFORE.test(before))
        return { value: formatYMD(d.date), source: textSource(line) };
      if (!fallback && !isRangeStart(line.text, d, dates))
        fallback = { value: formatYMD(d.date), source: textSource(line) };
    }
  }
  if (fallback) return fallback;
  // The subject line, last ("Job coaching 3/10", "Trip Authorization MRA-1 (9/22)").
  if (!(doc.email.isReply && !doc.email.isForward)) {
    const d = findDates(doc.subjectCore, opts).find((x) => !isRangeEnd(doc.subjectCore, x, []));
    if (d) return { value: formatYMD(d.date), source: 'subject' };
  }
  return null;
}

/** The date belongs to a "Label: value" cell of another kind (DOB: …, Payment date: …). */
function isLabelledOther(text: string, d: DateMatch): boolean {
  const head = text.slice(0, d.index);
  const m = /([A-Za-z][A-Za-z .#/]{0,30}):\s*[^:]*$/.exec(head);
  return !!m && DECOY_LABEL.test(m[1] ?? '');
}

function isRangeStart(text: string, d: DateMatch, all: DateMatch[]): boolean {
  const after = text.slice(d.index + d.length, d.index + d.length + 12);
  return /^\s*(-|to|through|thru|until)\s*/i.test(after) && all.some((x) => x.index > d.index);
}

function isRangeEnd(text: string, d: DateMatch, all: DateMatch[]): boolean {
  const before = text.slice(Math.max(0, d.index - 10), d.index);
  return /(-|\bto|through|thru|until)\s*$/i.test(before) && all.some((x) => x.index < d.index);
}

// Miles authorized or billable, as written: "Mileage: 12.5 miles", "Round trip: 31 mi",
// "Travel miles authorized: 40", "up to 20 miles", "18 miles round trip". Null when only a
// rate ($0.655/mile) is given or mileage is not reimbursed.
import type { EmailDoc } from '../document.js';
import { proseLines, labelHits, labelSource, textSource, type Found } from './common.js';

const NUMBER_MILES = /(\d{1,4}(?:,\d{3})*(?:\.\d+)?)\s*(?:mi\b|miles?\b|mileage\b)/i;
const RATE = /(\$\s*\d|\bper\s+mile\b|\/\s*mi(le)?\b|\bcents?\b|\brate\b)/i;
const NOT_PAID =
  /\b(not\s+(be\s+)?(reimbursed|reimbursable|authorized|covered|billable|paid|included)|no\s+mileage|non-?reimbursable|n\/a|none)\b/i;
const PROSE = [
  /\b(?:mileage|miles|travel miles|trip miles)(?: authorized| approved| allowed| reimbursable)?\s*:\s*(\d{1,4}(?:\.\d+)?)\b(?!\s*(?:\/|per\b|cents?))/i,
  /\b(?:up to|max(?:imum)?(?: of)?|not to exceed|nte|round[- ]trip(?: is| of)?(?: now)?|mileage(?: of| is| authorized| approved)?(?: now)?|authorized for|reimburse(?:d|ment)? (?:for|of)?|travel(?: of)?)\s*:?\s*(\d{1,4}(?:\.\d+)?)\s*(?:mi\b|miles?\b)/i,
  /\b(\d{1,4}(?:\.\d+)?)\s*(?:mi\b|miles?\b)\s*(?:round[- ]trip|rt\b|authorized|approved|total|reimbursable|billable|claimable|allowed|covered|ok\b|okay|each way|one[- ]way|of (?:mileage|travel))/i,
];

export function readMileage(doc: EmailDoc): Found<number> | null {
  for (const hit of labelHits(doc, 'mileage')) {
    const value = hit.cell.value;
    if (NOT_PAID.test(value)) return null;
    const m =
      NUMBER_MILES.exec(value) ??
      /^\s*(\d{1,4}(?:\.\d+)?)\s*(?:$|\(|round|rt\b|total|authorized|approved)/i.exec(value);
    if (!m) continue;
    // "$0.655/mile" alone is a rate; "31 mi at $0.67/mile" still states the miles.
    const before = value.slice(0, m.index);
    if (RATE.test(before) || /^\s*(\/|per)/i.test(value.slice(m.index + m[0].length))) continue;
    return { value: Number((m[1] ?? '').replace(/,/g, '')), source: labelSource(hit) };
  }
  for (const line of proseLines(doc)) {
    if (!/\b(mi|miles?|mileage)\b/i.test(line.text)) continue;
    if (NOT_PAID.test(line.text) && /mileage|miles|travel/i.test(line.text)) return null;
    for (const re of PROSE) {
      const m = re.exec(line.text);
      if (!m) continue;
      const after = line.text.slice(m.index + m[0].length, m.index + m[0].length + 8);
      if (/^\s*(\/|per\b|away|radius)/i.test(after)) continue;
      const before = line.text.slice(Math.max(0, m.index - 20), m.index);
      if (/\b(within|radius|than|beyond|over)\s*$/i.test(before)) continue;
      return { value: Number(m[1]), source: textSource(line) };
    }
  }
  return null;
}

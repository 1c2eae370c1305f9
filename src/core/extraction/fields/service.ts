// A short name of the service (not scored, shown to people): a service label, then prose
// ("2 hours of job coaching", "Respite care for …"), then a per-sender default.
import type { EmailDoc } from '../document.js';
import { collapseSpaces } from '../text.js';
import { proseLines, labelHits, labelSource, textSource, type Found } from './common.js';

const PROSE_RE = [
  /\b(?:provide|deliver|authorized for|approved for)\s+(?:\d+(?:\.\d+)?\s*(?:hours?|hrs?|units?|visits?|sessions?)\s+of\s+)?([a-z][a-z -]{3,50}?)\s+(?:services?\s+)?(?:for|to|on|at)\b/i,
  /\b\d+(?:\.\d+)?\s*(?:hours?|hrs?)\s+of\s+([a-z][a-z -]{3,50}?)\s+(?:for|to|on|at)\b/i,
  /^([A-Z][a-z]+(?: [a-z]+){0,3}) (?:for|to) [A-Z]/,
];

export function readService(doc: EmailDoc): Found<string> | null {
  for (const hit of labelHits(doc, 'service')) {
    const v = collapseSpaces(hit.cell.value).replace(/\s*\((?:CPT|HCPCS|code)[^)]*\)/i, '');
    if (v.length >= 3 && v.length <= 120 && /[a-z]/i.test(v))
      return { value: v, source: labelSource(hit) };
  }
  for (const line of proseLines(doc)) {
    for (const re of PROSE_RE) {
      const m = re.exec(line.text);
      const v = m?.[1]?.trim();
      if (v && !/^(the|a|an|you|your|this|services?)$/i.test(v))
        return { value: v.charAt(0).toUpperCase() + v.slice(1), source: textSource(line) };
    }
  }
  if (doc.senderRule?.serviceDescription)
    return { value: doc.senderRule.serviceDescription, source: 'sender rule' };
  return null;
}

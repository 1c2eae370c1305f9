// The person served (consumer, participant, member, student, patient, rider …), from a
// label or from prose ("for Maria Lopez on …", "rider Harold Benson"); never the sender, the
// vendor, a parent/guardian, or staff.
import type { EmailDoc } from '../document.js';
import { cleanPersonName, sameName } from '../names.js';
import { proseLines, labelHits, labelSource, textSource, type Found } from './common.js';

const NAME = String.raw`((?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+)?[A-Z\u00C0-\u00DE][\p{L}'’-]+(?:\s+[A-Z]\.)?(?:\s+(?:[A-Z\u00C0-\u00DE][\p{L}'’-]+|de|del|la|van|von)){1,3})`;
// Role words in any case ("Client", "CLIENT"); the name after them keeps its capitals (no i flag).
const ROLES = [
  'consumer',
  'participant',
  'member',
  'student',
  'patient',
  'rider',
  'passenger',
  'client',
  'customer',
  'individual',
  'youth',
  'child',
  'beneficiary',
  'enrollee',
  'claimant',
  'job\\s?seeker',
  'probationer',
  'parolee',
  'defendant',
  'service\\s+user',
]
  .map((r) => r.replace(/(?<!\\)[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`))
  .join('|');
const ROLE_RE = new RegExp(String.raw`\b(?:${ROLES})(?:\s+name)?\s*[:,-]?\s+${NAME}`, 'gu');
const FOR_RE = new RegExp(
  String.raw`\b(?:for|serving|with|to serve|to support|to assist|to transport|to interpret for|to pick up|pick up|pick-up|pickup|transport|drive)\s+(?:(?:consumer|participant|member|student|patient|rider|client|customer|probationer|parolee|defendant|youth|child)\s+)?${NAME}`,
  'gu',
);
const EXCLUDED_CONTEXT =
  /\b(parent|guardian|mother|father|caregiver|physician|doctor|counsel+or|coordinator|staff|interpreter|vendor|contact|signed|manager|specialist|therapist|teacher|nurse|worker|dear|hi|hello)\s*:?\s*$/i;

// "Dashiell Ferreira has withdrawn from …": a sentence whose subject is the person served,
// told by what only a person served does (withdraws, is discharged, no longer attends).
const SUBJECT_RE = new RegExp(
  String.raw`(?:^|[.!?]\s+|,\s+)${NAME}\s+(?:has\s+(?:withdrawn|been\s+(?:discharged|withdrawn|hospitali[sz]ed|admitted|disenrolled)|exited|left\s+the\s+program|declined\s+services|transferred|moved\s+(?:away|out))|is\s+no\s+longer\s+(?:enrolled|eligible|attending|participating|receiving|in\s+need))\b`,
  'gu',
);
// "Authorization No. RD-26-118 (Marisol Quintanar)": the person named beside the id.
const BESIDE_ID_RE = new RegExp(
  String.raw`\b(?:[Aa]uthori[sz]ation|AUTHORI[SZ]ATION|[Aa]uth|AUTH|[Pp]\.?[Oo]\.?|[Vv]oucher|[Rr]eferral)\.?\s*(?:[Nn]o\.?|NO\.?|[Nn]umber|#)?\s*[:#]?\s*[A-Z0-9][A-Z0-9_\-/.]*\d[A-Z0-9_\-/.]*\s*\(\s*${NAME}\s*\)`,
  'gu',
);

export function readRecipient(doc: EmailDoc): Found<string> | null {
  const excluded = [doc.email.from?.name, doc.sender?.name, ...doc.email.to.map((t) => t.name)];
  const ok = (name: string | null): name is string =>
    !!name && !excluded.some((x) => sameName(x ?? null, name));
  // "Party needing interpreter:", "Person receiving services:": a role noun qualified by need.
  const qualified = (norm: string): number | null =>
    /^(?:party|person|individual|client|consumer|patient) (?:needing|requiring|receiving|served)\b/.test(
      norm,
    )
      ? 1
      : null;
  for (const hit of labelHits(doc, 'recipient', { match: qualified })) {
    const name = cleanPersonName(hit.cell.value);
    if (ok(name)) return { value: name, source: labelSource(hit) };
  }
  const lines = proseLines(doc);
  for (const re of [ROLE_RE, FOR_RE, BESIDE_ID_RE, SUBJECT_RE]) {
    for (const line of lines) {
      re.lastIndex = 0;
      for (let m = re.exec(line.text); m; m = re.exec(line.text)) {
        const before = line.text.slice(0, m.index);
        if (EXCLUDED_CONTEXT.test(before)) continue;
        const name = cleanPersonName(trimToName(m[1] ?? ''));
        if (ok(name)) return { value: name, source: textSource(line) };
      }
    }
  }
  // The subject, last ("Authorization for Jane Doe"); a reply's subject is not new information.
  if (!(doc.email.isReply && !doc.email.isForward)) {
    for (const re of [ROLE_RE, FOR_RE]) {
      re.lastIndex = 0;
      const m = re.exec(doc.subjectCore);
      const name = m ? cleanPersonName(trimToName(m[1] ?? '')) : null;
      if (ok(name)) return { value: name, source: 'subject' };
    }
  }
  return null;
}

/** "Maria Lopez On Tuesday" → "Maria Lopez": stop at words that start the next phrase. */
function trimToName(s: string): string {
  const words = s.split(/\s+/);
  const stop = words.findIndex(
    (w, i) =>
      i > 0 &&
      /^(on|at|from|in|to|for|and|with|starting|beginning|effective|is|has|was|will|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)$/i.test(
        w,
      ),
  );
  return (stop === -1 ? words : words.slice(0, stop)).join(' ');
}

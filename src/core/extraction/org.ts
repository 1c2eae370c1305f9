// Telling an organisation's name from a person's name or a job title: the agency is the
// line with an organisation word (Services, County, District, Agency, Health Plan, Inc …)
// that is not a title ("Vocational Rehabilitation Counselor") or an address.
import { fold } from './text.js';

const ORG_WORDS =
  /\b(services?|supports|rehabilitation|rehab|county|district|agency|network|department|dept|center|centre|inc|llc|l\.l\.c|ltd|corp|corporation|company|co\.|plan|health|healthcare|partners|authority|commission|council|division|bureau|program|programs|foundation|association|schools?|unified|hospital|clinic|group|institute|university|college|administration|alliance|solutions|care|insurance|medicaid|transit|transportation|interpreting|interpreters|therapy|therapies|respite|ministry|board|office|trust|cooperative|collaborative|coalition|consortium|society|league|academy|systems|home health|nemt|brokerage|works|workforce|commonwealth|state of|city of|tribe|nation|rides|transit|mobility|shuttle|paratransit)\b/i;
const TITLE_WORDS =
  /\b(counsel+or|coordinator|manager|specialist|director|officer|worker|assistant|supervisor|analyst|representative|rep|nurse|administrator|clerk|liaison|navigator|scheduler|dispatcher|consultant|advocate|therapist|teacher|principal|psychologist|lcsw|msw|rn|lpn|ph\.?d|m\.?d|intern|associate|agent|caseworker|planner|secretary|accountant|president|ceo|cfo|founder|owner|lead|head of|chief)\b/i;
const NOT_ORG =
  /\b(authori[sz]ations?|approved|approval|requests?|notice|confirmation|confirmed|assignments?|referrals?|invoices?|payments?|reminder|trips?|visits?|sessions?|details|summary|form|letter|update|cancel\w*|revised|amended)\b/i;
const GENERIC_UNIT =
  /^(utilization management|care management|case management|customer service|member services|provider services|provider relations|claims|billing|accounts payable|scheduling|intake|referral intake|transportation desk|dispatch)\b/i;

export function isOrgName(s: string): boolean {
  const t = s.trim();
  if (t.length < 4 || t.length > 90) return false;
  if (/^\d/.test(t) || /@|https?:|www\.|:/i.test(t)) return false;
  if (/\(\d{3}\)|\d{3}[-.]\d{3}[-.]\d{4}/.test(t)) return false;
  if (/[.!?]\s+\S/.test(t) || /[.!?]$/.test(t.replace(/\b(inc|co|corp|ltd)\.$/i, ''))) return false;
  if (t.split(/\s+/).length > 9) return false;
  // A sentence ("Juniper Ridge Supports has approved the service below") is not a name.
  if (/\s(has|have|had|is|are|was|were|will|would)\s/i.test(t)) return false;
  if (!/^[A-Z0-9]/.test(t)) return false;
  if (!ORG_WORDS.test(t)) return false;
  // A heading about the message ("Service authorization approved") is not an organisation.
  if (NOT_ORG.test(t)) return false;
  if (TITLE_WORDS.test(t)) return false;
  return true;
}

/** A job title line ("Employment Specialist Supervisor"), not a sentence. */
export function isJobTitle(s: string): boolean {
  const t = s.trim();
  return TITLE_WORDS.test(t) && t.split(/\s+/).length <= 6 && !/[.!?:]\s|@|\d/.test(t);
}

/** A department name that is a unit of some larger organisation, not the organisation. */
export function isGenericUnit(s: string): boolean {
  return GENERIC_UNIT.test(s.trim()) && !/\b(county|state|city|district|inc|llc)\b/i.test(s);
}

/** Segments of a signature or letterhead line that may each be a name, title or org. */
export function lineSegments(line: string): string[] {
  return line
    .split(/\s+[-|·•]\s+|\s*[|·•]\s*|,\s+|\s{3,}/)
    .map((s) => s.replace(/^[-–—*\s]+|[\s*]+$/g, '').trim())
    .filter((s) => s.length > 0);
}

/** How strongly an organisation name resembles the sender's domain ("pvvr", "bluewaterhealth"). */
export function domainAffinity(name: string, address: string | null): number {
  if (!address) return 0;
  const domain = fold(
    address
      .slice(address.indexOf('@') + 1)
      .split('.')
      .slice(0, -1)
      .join('.'),
  );
  if (!domain) return 0;
  const words = fold(name)
    .replace(/[^a-z0-9 ]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  let score = 0;
  for (const w of words) if (w.length >= 4 && domain.includes(w)) score += 1;
  const initials = words
    .filter((w) => !['of', 'the', 'and', 'for'].includes(w))
    .map((w) => w[0])
    .join('');
  if (initials.length >= 2 && domain.includes(initials)) score += 2;
  return Math.min(score, 3);
}

/** The display name reads like a person ("Marcus Bell" for mbell@…). */
export function looksLikePerson(display: string, address: string | null): boolean {
  const words = display.trim().split(/\s+/);
  if (words.length < 2 || words.length > 4) return false;
  if (!words.every((w) => /^[A-Z][\p{L}'’.-]*$/u.test(w))) return false;
  if (ORG_WORDS.test(display)) return false;
  const local = fold(address?.split('@')[0] ?? '');
  const first = fold(words[0] ?? '');
  const last = fold(words[words.length - 1] ?? '');
  return local.includes(last) || local.includes(first) || local.startsWith(`${first[0]}${last}`);
}

// People's names as agencies write them: "LOPEZ, MARIA" → "Maria Lopez", honorifics and
// trailing notes ("(Deaf, ASL)", "DOB 1/2/90", "- age 14") dropped. A value that does not
// look like a person's name gives null rather than a guess.
import { collapseSpaces } from './text.js';

const HONORIFIC = /^(mr|mrs|ms|miss|mx|dr|prof)\.?\s+/i;
const NAME_WORD =
  /^(?:[A-Z\u00C0-\u024F][\p{L}'’-]*\.?|[A-Z]\.|(?:de|del|la|le|van|von|der|da|di|du|bin|al|st\.?)|O'[A-Z][\p{L}]+|Mc[A-Z][\p{L}]+)$/u;
const NOT_NAME_WORDS = new Set(
  (
    'services service county district agency department center centre inc llc plan health ' +
    'network rehabilitation school program office coaching therapy care job employment ' +
    'authorization authorized approved request clinic hospital the and of for to at on ' +
    'monday tuesday wednesday thursday friday saturday sunday january february march april ' +
    'june july august september october november december provider vendor team desk unit ' +
    'transportation interpreting interpreter home visit session meeting trip pickup unknown ' +
    'tbd n/a none pending staff coordinator manager counselor specialist dear hi hello thanks ' +
    'please your our this that with from group partners solutions company corporation ' +
    'medical family respite dialysis university college division bureau waiver iep asl'
  ).split(' '),
);

function titleCase(word: string): string {
  if (word !== word.toUpperCase() || word.length <= 1) return word;
  return word
    .toLowerCase()
    .replace(/(^|[-'’])(\p{L})/gu, (_, p: string, c: string) => p + c.toUpperCase());
}

/** A cleaned person's name, or null when the text is not one. */
export function cleanPersonName(raw: string): string | null {
  let s = collapseSpaces(raw)
    .replace(/\s*[([].*$/, '')
    .replace(/\s+(-|–|—|\|)\s+.*$/, '')
    .replace(/\s*\b(dob|d\.o\.b|date of birth|age|id|mrn|member id|medicaid|ssn|grade)\b.*$/i, '')
    .replace(/[;:].*$/, '')
    .trim();
  s = s.replace(HONORIFIC, '');
  // "LAST, FIRST [M.]" becomes "First [M.] Last"; "Name, something else" keeps the name.
  const comma = /^([^,]+),\s*([^,]+)(?:,.*)?$/.exec(s);
  if (comma) {
    const before = (comma[1] ?? '').trim();
    const after = (comma[2] ?? '').trim();
    const beforeWords = before.split(' ');
    const afterWords = after.split(' ');
    if (beforeWords.length === 1 && afterWords.length <= 2 && afterWords.every(isNameWord)) {
      s = `${after} ${before}`;
    } else {
      s = before;
    }
  }
  s = s.replace(/[.,]+$/, '').trim();
  const words = s.split(' ').filter(Boolean);
  if (words.length < 2 || words.length > 5) return null;
  if (!words.every(isNameWord)) return null;
  if (words.some((w) => NOT_NAME_WORDS.has(w.toLowerCase().replace(/\.$/, '')))) return null;
  if (/\d/.test(s)) return null;
  return words.map(titleCase).join(' ');
}

function isNameWord(w: string): boolean {
  return NAME_WORD.test(w);
}

/** Two names refer to the same person when their word sets match (order and case ignored). */
export function sameName(a: string | null, b: string | null): boolean {
  if (!a || !b) return false;
  const key = (s: string): string =>
    s
      .toLowerCase()
      .replace(/[^\p{L}\s]/gu, '')
      .split(/\s+/)
      .filter(Boolean)
      .sort()
      .join(' ');
  return key(a) === key(b);
}

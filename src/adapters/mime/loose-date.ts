// Reads the dates mail clients write in headers and forwarded-header blocks (RFC 2822,
// Gmail `Tue, Jul 8, 2025 at 2:21 PM`, Outlook `Tuesday, July 8, 2025 2:21 PM`, Apple
// `8 July 2025 at 14:21:05 GMT-5`, numeric US and ISO forms) into ISO 8601 text.
//
// Output: `YYYY-MM-DDTHH:MM:SS±HH:MM` keeping the offset as written (`Z` for GMT/UTC), or
// `YYYY-MM-DDTHH:MM:SS` with no suffix when the text names no zone: the sender's local wall
// time, for the reader to place in the configured TIMEZONE.
import { MONTH_NUMBERS } from '../../core/extraction/dates.js';

const ZONES: Record<string, number> = {
  gmt: 0,
  utc: 0,
  ut: 0,
  z: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  akst: -540,
  akdt: -480,
  hst: -600,
  bst: 60,
  cet: 60,
  cest: 120,
  ist: 330,
};

function monthOf(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  // Own keys only: a word like "constructor" must not find Object.prototype's.
  return Object.hasOwn(MONTH_NUMBERS, w) ? MONTH_NUMBERS[w] : undefined;
}

const pad = (n: number): string => String(n).padStart(2, '0');

function offsetText(minutes: number): string {
  if (minutes === 0) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function readZone(text: string): number | null {
  // Numeric offsets: `-0500`, `+05:30`, `GMT-5`, `UTC+01:00`.
  const num = /(?:\b(?:gmt|utc|ut)\s*)?([+-])(\d{1,2})(?::?(\d{2}))?(?![\d/.:-])/i.exec(text);
  if (
    num &&
    (/\b(gmt|utc|ut)\s*[+-]/i.test(text) || (num[2] ?? '').length + (num[3] ?? '').length >= 3)
  ) {
    const mins = Number(num[2]) * 60 + Number(num[3] ?? 0);
    if (mins <= 14 * 60) return num[1] === '-' ? -mins : mins;
  }
  const abbr = /\b(gmt|utc|ut|z|[ecmp][sd]t|ak[sd]t|hst|bst|cest|cet|ist)\b/i.exec(text);
  if (abbr) return ZONES[(abbr[1] as string).toLowerCase()] ?? null;
  return null;
}

function readTime(text: string): { h: number; m: number; s: number } | null {
  const t = /\b(\d{1,2})[:.h](\d{2})(?:[:.](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?(?![\d])/i.exec(text);
  if (!t) {
    const bare = /\b(\d{1,2})\s*(a\.?m\.?|p\.?m\.?)(?![a-z])/i.exec(text);
    if (!bare) return null;
    return to24(Number(bare[1]), 0, 0, bare[2]);
  }
  return to24(Number(t[1]), Number(t[2]), Number(t[3] ?? 0), t[4]);
}

function to24(
  h: number,
  m: number,
  s: number,
  ampm: string | undefined,
): { h: number; m: number; s: number } | null {
  let hour = h;
  if (ampm) {
    if (hour < 1 || hour > 12) return null;
    const pm = ampm[0]?.toLowerCase() === 'p';
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (hour > 23 || m > 59 || s > 60) return null;
  return { h: hour, m, s: Math.min(s, 59) };
}

function readDay(text: string): { y: number; mo: number; d: number } | null {
  let m = /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/.exec(text);
  if (m) return { y: Number(m[1]), mo: Number(m[2]), d: Number(m[3]) };
  // Month first (US) for slashes, day first for dots.
  m = /\b(\d{1,2})\/(\d{1,2})\/(\d{2,4})\b/.exec(text);
  if (m) return { y: fullYear(m[3] as string), mo: Number(m[1]), d: Number(m[2]) };
  m = /\b(\d{1,2})\.(\d{1,2})\.(\d{2,4})\b/.exec(text);
  if (m) return { y: fullYear(m[3] as string), mo: Number(m[2]), d: Number(m[1]) };
  const words = text.toLowerCase().match(/[a-zäöüéèêûç]+\.?|\d+/g) ?? [];
  let y = 0;
  let mo = 0;
  let d = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (/^\d{4}$/.test(w) && !y) y = Number(w);
    else if (!mo && monthOf(w) !== undefined && /^[a-z]/.test(w)) {
      mo = monthOf(w) as number;
      // `July 8` or `8 July`: the day is the number next to the month.
      const after = words[i + 1];
      const before = words[i - 1];
      if (after && /^\d{1,2}$/.test(after) && (!before || !/^\d{1,2}$/.test(before) || d))
        d = d || Number(after);
      else if (before && /^\d{1,2}$/.test(before)) d = Number(before);
    }
  }
  if (y && mo && d) return { y, mo, d };
  return null;
}

function fullYear(y: string): number {
  const n = Number(y);
  return y.length === 2 ? 2000 + n : n;
}

/** Parses a header-style date; null when no day could be read. */
export function parseLooseDate(input: string): string | null {
  const text = input.replace(/\s+/g, ' ').trim().slice(0, 200);
  if (!text) return null;
  const day = readDay(text);
  if (!day || day.mo < 1 || day.mo > 12 || day.d < 1 || day.d > 31 || day.y < 1900 || day.y > 2200)
    return null;
  // The time is read after the date text so a numeric date is not taken for a time.
  const time = readTime(text.replace(/\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b/, ' ')) ?? {
    h: 0,
    m: 0,
    s: 0,
  };
  const zone = readZone(text.replace(/\b\d{4}-\d{1,2}-\d{1,2}\b/, ' '));
  const base = `${day.y}-${pad(day.mo)}-${pad(day.d)}T${pad(time.h)}:${pad(time.m)}:${pad(time.s)}`;
  return zone === null ? base : base + offsetText(zone);
}

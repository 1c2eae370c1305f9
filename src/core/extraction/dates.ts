// Calendar dates as agencies write them: 07/15/2025, 2026-01-12, 20.08.2026, 15 Jul 2026,
// July 15, 2025, Tuesday, March 4, 2025, Tue 9/16 (year from the email's Date: header).
// Slash dates are month-first unless the first number exceeds 12 or the sender says DMY;
// dotted dates (DD.MM.YYYY) are day-first, the European habit they come from.
import { dayFormatter } from '../zone-formatters.js';
import type { DateOrder } from './rules.types.js';

export interface YMD {
  y: number;
  m: number;
  d: number;
}

export interface DateMatch {
  date: YMD;
  index: number;
  length: number;
  text: string;
  yearGiven: boolean;
}

/**
 * Month names and abbreviations (English first, then the German, French, Spanish, Dutch,
 * Italian and Portuguese spellings mail clients write in forwarded headers), lower case.
 * The one table: the MIME layer's header-date reader uses it too.
 */
export const MONTH_NUMBERS: Readonly<Record<string, number>> = {
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  januar: 1,
  februar: 2,
  märz: 3,
  maerz: 3,
  mai: 5,
  juni: 6,
  juli: 7,
  okt: 10,
  dez: 12,
  dezember: 12,
  janv: 1,
  janvier: 1,
  févr: 2,
  fevr: 2,
  février: 2,
  mars: 3,
  avr: 4,
  avril: 4,
  juin: 6,
  juil: 7,
  juillet: 7,
  août: 8,
  aout: 8,
  déc: 12,
  ene: 1,
  enero: 1,
  febrero: 2,
  marzo: 3,
  abr: 4,
  abril: 4,
  mayo: 5,
  junio: 6,
  julio: 7,
  ago: 8,
  agosto: 8,
  septiembre: 9,
  setiembre: 9,
  octubre: 10,
  noviembre: 11,
  dic: 12,
  diciembre: 12,
  mei: 5,
  maart: 3,
  gen: 1,
  giu: 6,
  lug: 7,
  set: 9,
  ott: 10,
  fev: 2,
  out: 10,
};
const MONTH_RE =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const WEEKDAY_RE =
  '(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\\.?,?\\s+)?';

const PATTERNS: { re: RegExp; kind: 'iso' | 'num' | 'dot' | 'dmy-name' | 'mdy-name' }[] = [
  { re: /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/gi, kind: 'iso' },
  { re: /\b(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\b/g, kind: 'dot' },
  {
    re: /(?<![\d/.$])(\d{1,2})[/-](\d{1,2})(?:[/-](\d{4}|\d{2}))?(?![\d/]|\.\d|:\d)/g,
    kind: 'num',
  },
  {
    re: new RegExp(
      `\\b${WEEKDAY_RE}(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_RE},?(?:\\s+(\\d{4}))?\\b`,
      'gi',
    ),
    kind: 'dmy-name',
  },
  {
    re: new RegExp(
      `\\b${WEEKDAY_RE}${MONTH_RE}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?(?![\\d:])`,
      'gi',
    ),
    kind: 'mdy-name',
  },
];

export function isValidDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || y < 1900 || y > 2200) return false;
  const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= dim;
}

function fullYear(y: string | undefined): number | null {
  if (!y) return null;
  const n = Number(y);
  return y.length === 2 ? 2000 + n : n;
}

/** Chooses the year nearest the reference date, for dates written without one. */
export function inferYear(m: number, d: number, ref: YMD | null): number | null {
  if (!ref) return null;
  const refT = Date.UTC(ref.y, ref.m - 1, ref.d);
  let best: number | null = null;
  let bestDist = Infinity;
  for (const y of [ref.y - 1, ref.y, ref.y + 1]) {
    if (!isValidDate(y, m, d)) continue;
    // A date a little in the past (up to ~2 months) is as plausible as one in the future.
    const delta = (Date.UTC(y, m - 1, d) - refT) / 86_400_000;
    const dist = delta < 0 ? -delta * 3 : delta;
    if (dist < bestDist) {
      bestDist = dist;
      best = y;
    }
  }
  return best;
}

/** Every date in a string, in order of appearance. */
export function findDates(text: string, opts: { ref: YMD | null; order: DateOrder }): DateMatch[] {
  const found: DateMatch[] = [];
  const taken: [number, number][] = [];
  for (const { re, kind } of PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken.some(([a, b]) => start < b && end > a)) continue;
      const parsed = interpret(kind, m, opts);
      if (!parsed) continue;
      taken.push([start, end]);
      found.push({ ...parsed, index: start, length: m[0].length, text: m[0] });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

function interpret(
  kind: 'iso' | 'num' | 'dot' | 'dmy-name' | 'mdy-name',
  m: RegExpExecArray,
  opts: { ref: YMD | null; order: DateOrder },
): { date: YMD; yearGiven: boolean } | null {
  let y: number | null;
  let mo: number;
  let d: number;
  switch (kind) {
    case 'iso':
      y = Number(m[1]);
      mo = Number(m[2]);
      d = Number(m[3]);
      break;
    case 'dot': {
      const a = Number(m[1]);
      const b = Number(m[2]);
      y = fullYear(m[3]);
      // Day-first is the dotted form's convention; a second number above 12 proves otherwise.
      [d, mo] = b > 12 ? [b, a] : [a, b];
      break;
    }
    case 'num': {
      const a = Number(m[1]);
      const b = Number(m[2]);
      y = fullYear(m[3]);
      // Without a year, "1-2" is more likely a range than a date: only slashes count then.
      if (!m[3] && !m[0].includes('/')) return null;
      const dayFirst = a > 12 || (opts.order === 'DMY' && b <= 12);
      [mo, d] = dayFirst ? [b, a] : [a, b];
      break;
    }
    case 'dmy-name':
      d = Number(m[1]);
      mo = MONTH_NUMBERS[(m[2] ?? '').slice(0, 3).toLowerCase()] ?? 0;
      y = fullYear(m[3]);
      break;
    case 'mdy-name':
      mo = MONTH_NUMBERS[(m[1] ?? '').slice(0, 3).toLowerCase()] ?? 0;
      d = Number(m[2]);
      y = fullYear(m[3]);
      break;
  }
  const yearGiven = y !== null;
  if (y === null) y = inferYear(mo, d, opts.ref);
  if (y === null || !isValidDate(y, mo, d)) return null;
  return { date: { y, m: mo, d }, yearGiven };
}

export function formatYMD(d: YMD): string {
  return `${d.y}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}`;
}

/** The calendar date of an ISO instant as seen in a time zone. */
export function ymdInZone(iso: string | null, timeZone: string): YMD | null {
  if (!iso) return null;
  // A zone-less ISO time (a forwarded header's local time) is already the local date:
  // Date.parse would read it in the process's zone.
  const local = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(
    iso.trim(),
  );
  if (local) return { y: Number(local[1]), m: Number(local[2]), d: Number(local[3]) };
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  try {
    const parts = dayFormatter(timeZone).formatToParts(new Date(t));
    const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
    return { y: get('year'), m: get('month'), d: get('day') };
  } catch {
    const d = new Date(t);
    return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() };
  }
}

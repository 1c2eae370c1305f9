// Clock times and ranges: 9:00 AM - 11:00 AM, 13:00–15:30, 9-11am, 2:30pm–4:00pm, noon,
// "at 09:00". Minutes since midnight inside, HH:MM (24 h) outside. A range's missing
// meridiem is borrowed from the other end the way people mean it ("9-11am", "11-1pm").

export interface TimeRange {
  start: number;
  end: number | null;
  index: number;
  text: string;
}

const T = String.raw`(noon|midnight|\d{1,2}(?:[:.]\d{2})?(?:\s*(?:[ap]\.?\s?m\b\.?|[ap]\b))?)`;
const SEP = String.raw`\s*(?:-|–|—|to|until|till|thru|through)\s*`;
const RANGE_RE = new RegExp(`(?<![\\d/.$:])${T}${SEP}${T}(?![\\d/])`, 'gi');
const SINGLE_RE = new RegExp(`(?<![\\d/.$:])${T}(?![\\d/])`, 'gi');

interface ParsedTime {
  h: number;
  min: number;
  mer: 'am' | 'pm' | null;
  colon: boolean;
  zeroPadded: boolean;
}

function parseOne(raw: string): ParsedTime | null {
  const s = raw.trim().toLowerCase();
  if (s === 'noon') return { h: 12, min: 0, mer: 'pm', colon: true, zeroPadded: false };
  if (s === 'midnight') return { h: 0, min: 0, mer: 'am', colon: true, zeroPadded: false };
  const m = /^(\d{1,2})(?:[:.](\d{2}))?\s*(?:([ap])\.?\s?(?:m\.?)?)?$/.exec(s);
  if (!m) return null;
  const h = Number(m[1]);
  const min = m[2] ? Number(m[2]) : 0;
  const mer = m[3] === 'a' ? 'am' : m[3] === 'p' ? 'pm' : null;
  if (min > 59 || h > 24 || (mer && (h < 1 || h > 12))) return null;
  return { h, min, mer, colon: m[2] !== undefined, zeroPadded: /^0\d/.test(s) };
}

function toMinutes(t: ParsedTime, mer: 'am' | 'pm' | null): number {
  let h = t.h % 24;
  if (mer === 'pm' && h < 12) h += 12;
  if (mer === 'am' && h === 12) h = 0;
  return h * 60 + t.min;
}

/** A bare hour with no colon and no meridiem is a count, not a time ("3 hours"). */
function isTimeLike(t: ParsedTime): boolean {
  return t.colon || t.mer !== null;
}

/** Ambiguous 12-hour times: business hours are meant (1:00 is 13:00, 8:00 is 08:00). */
function guessMeridiem(h: number): 'am' | 'pm' {
  return h >= 1 && h <= 6 ? 'pm' : 'am';
}

export function findTimeRanges(text: string): TimeRange[] {
  const out: TimeRange[] = [];
  RANGE_RE.lastIndex = 0;
  for (let m = RANGE_RE.exec(text); m; m = RANGE_RE.exec(text)) {
    const a = parseOne(m[1] ?? '');
    const b = parseOne(m[2] ?? '');
    if (!a || !b) continue;
    if (!isTimeLike(a) && !isTimeLike(b)) continue;
    // A bare end hour only after a clock start ("10:30-12"): "3-4 visits" stays a count.
    if (!isTimeLike(b) && b.mer === null && !(a.colon && b.h >= 1 && b.h <= 24)) continue;
    const range = resolveRange(a, b);
    if (!range) continue;
    out.push({ start: range[0], end: range[1], index: m.index, text: m[0] });
  }
  return out;
}

function resolveRange(a: ParsedTime, b: ParsedTime): [number, number] | null {
  const is24 = (t: ParsedTime): boolean => t.mer === null && (t.h > 12 || t.h === 0);
  let s: number;
  let e: number;
  if (is24(a) || is24(b) || (a.zeroPadded && b.zeroPadded)) {
    s = toMinutes(a, a.mer);
    e = toMinutes(b, b.mer);
  } else if (a.mer && b.mer) {
    s = toMinutes(a, a.mer);
    e = toMinutes(b, b.mer);
  } else if (b.mer) {
    // "9-11am" is 9 am to 11 am; "11-1pm" is 11 am to 1 pm.
    e = toMinutes(b, b.mer);
    s = toMinutes(a, b.mer);
    if (s > e) s = toMinutes(a, b.mer === 'pm' ? 'am' : 'pm');
  } else {
    s = toMinutes(a, a.mer ?? guessMeridiem(a.h));
    // The end is the first matching clock time after the start.
    const e0 = toMinutes(b, 'am');
    e = e0 > s ? e0 : e0 + 720 > s ? e0 + 720 : e0;
  }
  if (s === e) return null;
  return [s, e % 1440];
}

/** Single times that look like clock times (with a colon or am/pm, or noon). */
export function findTimes(
  text: string,
): { minutes: number; index: number; text: string; explicit: boolean }[] {
  const out: { minutes: number; index: number; text: string; explicit: boolean }[] = [];
  SINGLE_RE.lastIndex = 0;
  for (let m = SINGLE_RE.exec(text); m; m = SINGLE_RE.exec(text)) {
    const t = parseOne(m[1] ?? '');
    if (!t || !isTimeLike(t)) continue;
    // A 24-hour clock (13:00, or 09:00 with its leading zero) needs no guess.
    const clock24 = t.h > 12 || t.h === 0 || t.zeroPadded;
    const mer = t.mer ?? (clock24 ? null : guessMeridiem(t.h));
    out.push({
      minutes: toMinutes(t, mer),
      index: m.index,
      text: m[0],
      explicit: t.mer !== null || clock24,
    });
  }
  return out;
}

const MILITARY_RANGE = /\b([01]\d|2[0-3])([0-5]\d)\s*(?:-|–|to)\s*([01]\d|2[0-3])([0-5]\d)\b/;

/** "0900-1130" (hrs): only trusted in a time label's value, never in prose (ids look alike). */
export function findMilitaryRange(text: string): TimeRange | null {
  const m = MILITARY_RANGE.exec(text);
  if (!m) return null;
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = Number(m[3]) * 60 + Number(m[4]);
  return start === end ? null : { start, end, index: m.index, text: m[0] };
}

/** A label's whole value as one military time ("0900", "1330 hrs"): never read in prose. */
export function readMilitaryTime(value: string): number | null {
  const m = /^\s*([01]\d|2[0-3])([0-5]\d)\s*(?:hrs?\.?|hours)?\s*$/i.exec(value);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

export function formatMinutes(min: number): string {
  const m = ((min % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** Hours between two clock times; a range crossing midnight wraps. */
export function spanHours(start: number, end: number): number {
  let diff = end - start;
  if (diff <= 0) diff += 1440;
  return Math.round((diff / 60) * 100) / 100;
}

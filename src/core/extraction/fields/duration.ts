// A stated duration: "Duration: 1 hour", "3 hours", "1.5 hrs", "90 minutes", or units
// ("10 units (15 min)" = 2.5 h; "1 unit = 1 hour"; a per-sender unit length). The range
// between start and end wins over these; that choice is made by the assembler.
import type { EmailDoc } from '../document.js';
import { findDates } from '../dates.js';
import { round2 } from '../text.js';
import { proseLines, labelHits, labelSource, textSource, type Found } from './common.js';

const AMOUNT = String.raw`(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|half an?|an?)`;
const WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  a: 1,
  an: 1,
  'half a': 0.5,
  'half an': 0.5,
};
const HOURS_RE = new RegExp(
  String.raw`\b${AMOUNT}[\s-]*(hours?|hrs?|h)\b(?:\s*(?:and\s*)?(\d+)\s*(?:minutes?|mins?))?`,
  'i',
);
const MINUTES_RE = new RegExp(String.raw`\b(\d+)[\s-]*(minutes?|mins?)\b`, 'i');
const UNITS_RE = /\b(\d+(?:\.\d+)?)\s*(?:units?|u)\b/i;
const UNIT_LEN_RE =
  /\b(?:(\d+)[\s-]*(?:minutes?|mins?|min\.?)|(?:1|one)[\s-]*(hours?|hr))\b|\b(?:unit|units)\s*(?:=|equals|is|of)\s*(\d+)\s*(minutes?|mins?|hours?|hrs?)/i;
const NOT_SESSION_AFTER =
  /^\s*(before|after|early|prior|notice|in advance|late|ago|of travel|drive|away|per (week|month|year|day)|\/\s*(week|wk|month|mo|day)|a (week|month|day)|weekly|monthly|daily|each week|total per|from now|response)/i;
const NOT_SESSION_BEFORE =
  /\b(within|every|per|up to|over|last|next|arrive|least|than|least|window of)\s*$/i;

function amount(raw: string): number {
  const w = WORDS[raw.toLowerCase()];
  return w ?? Number(raw);
}

/** Hours stated in a value or sentence, or null. */
export function hoursIn(text: string): number | null {
  const h = HOURS_RE.exec(text);
  if (h) {
    const after = text.slice(h.index + h[0].length);
    const before = text.slice(0, h.index);
    if (!NOT_SESSION_AFTER.test(after) && !NOT_SESSION_BEFORE.test(before)) {
      const v = amount(h[1] ?? '') + (h[3] ? Number(h[3]) / 60 : 0);
      if (v > 0 && v <= 24) return round2(v);
    }
  }
  const m = MINUTES_RE.exec(text);
  if (m) {
    const after = text.slice(m.index + m[0].length);
    const before = text.slice(0, m.index);
    if (
      !NOT_SESSION_AFTER.test(after) &&
      !NOT_SESSION_BEFORE.test(before) &&
      !/\(\s*$/.test(before)
    ) {
      const v = Number(m[1]) / 60;
      if (v > 0 && v <= 24) return round2(v);
    }
  }
  return null;
}

/** Hours from units: "10 units (15 min)", "8 units @ 15 minutes", "4 units; 1 unit = 1 hour". */
export function hoursFromUnits(text: string, unitMinutes: number | null): number | null {
  const u = UNITS_RE.exec(text);
  if (!u) return null;
  const units = Number(u[1]);
  const len = UNIT_LEN_RE.exec(text);
  let minutes: number | null = unitMinutes;
  if (len) {
    if (len[1]) minutes = Number(len[1]);
    else if (len[2]) minutes = 60;
    else if (len[3]) minutes = /h/i.test(len[4] ?? '') ? Number(len[3]) * 60 : Number(len[3]);
  }
  if (minutes === null || !(units > 0)) return null;
  const hours = (units * minutes) / 60;
  return hours > 0 && hours <= 24 ? round2(hours) : null;
}

/** A unit length stated anywhere ("Unit = 15 minutes", "15-minute units"). */
const UNIT_LENGTH_ANYWHERE =
  /\bunits?\s*(?:=|equals|is|of|:)\s*(\d+)\s*(minutes?|mins?|hours?|hrs?)\b|\b(\d+)[\s-]*(minutes?|mins?|hours?|hrs?)[\s-]+units?\b/i;

function unitLengthIn(text: string): number | null {
  const m = UNIT_LENGTH_ANYWHERE.exec(text);
  if (!m) return null;
  const n = Number(m[1] ?? m[3]);
  return /h/i.test(m[2] ?? m[4] ?? '') ? n * 60 : n;
}

/**
 * The date label lists several sessions ("Sessions: Sat 12/05 and Sat 12/12"), not a range:
 * a stated total then covers them all and is no session's duration.
 */
function listsSeveralSessions(doc: EmailDoc): boolean {
  const opts = { ref: doc.refDate, order: doc.senderRule?.dateOrder ?? 'MDY' } as const;
  for (const hit of labelHits(doc, 'date')) {
    if (/period|through|thru|until|expir|end/i.test(hit.cell.label)) continue;
    const dates = findDates(hit.cell.value, opts);
    if (dates.length < 2) return false;
    return !/\b(through|thru|to|until)\b|[-–—]\s*$/i.test(
      hit.cell.value.slice((dates[0]?.index ?? 0) + (dates[0]?.length ?? 0), dates[1]?.index),
    );
  }
  return false;
}

export function readDuration(doc: EmailDoc): Found<number> | null {
  const unitMinutes = doc.senderRule?.unitMinutes ?? unitLengthIn(doc.freshText);
  const severalSessions = listsSeveralSessions(doc);
  const isTotal = (text: string): boolean => severalSessions && /\btotal\b/i.test(text);
  for (const hit of labelHits(doc, 'duration')) {
    if (isTotal(hit.cell.label)) continue;
    const v = hoursIn(hit.cell.value) ?? hoursFromUnits(hit.cell.value, unitMinutes);
    if (v !== null) return { value: v, source: labelSource(hit) };
    if (/^\d+(\.\d+)?$/.test(hit.cell.value.trim()) && /hour|hrs/i.test(hit.cell.label)) {
      const n = Number(hit.cell.value.trim());
      if (n > 0 && n <= 24) return { value: n, source: labelSource(hit) };
    }
  }
  // "Hours: 2" (the time label "hours" also carries ranges, read elsewhere), or a duration
  // written in a time value beside the start ("Time: 2 hrs starting at 1pm").
  for (const hit of labelHits(doc, 'time')) {
    if (/^hours?$/i.test(hit.cell.norm) && /^\d+(\.\d+)?$/.test(hit.cell.value.trim())) {
      const n = Number(hit.cell.value.trim());
      if (n > 0 && n <= 24) return { value: n, source: labelSource(hit) };
    }
    const v = hoursIn(hit.cell.value);
    if (v !== null) return { value: v, source: labelSource(hit) };
  }
  for (const hit of labelHits(doc, 'units')) {
    // "8 (15-min units)": the count is the value's first number; the unit length may follow.
    const count = /^\s*(\d+(?:\.\d+)?)\b\s*(?:units?\b)?(.*)$/i.exec(hit.cell.value);
    const v = count
      ? hoursFromUnits(`${count[1]} units ${count[2] ?? ''}`, unitMinutes)
      : hoursFromUnits(hit.cell.value, unitMinutes);
    if (v !== null) return { value: v, source: labelSource(hit) };
  }
  for (const line of proseLines(doc)) {
    // Values of other labels (Mileage, Phone, Office hours …) are not durations.
    if (
      line.cells.length &&
      !line.cells.some((c) => /auth|service|shift|session|visit/i.test(c.norm))
    )
      continue;
    // A line about unit length ("Unit = 15 minutes") states no session duration.
    if (/\bunits?\b/i.test(line.text) && !UNITS_RE.test(line.text)) continue;
    if (isTotal(line.text)) continue;
    const v =
      hoursIn(line.text) ??
      (/\bunits?\b/i.test(line.text) ? hoursFromUnits(line.text, unitMinutes) : null);
    if (v !== null) return { value: v, source: textSource(line) };
  }
  if (doc.senderRule?.defaultDurationHours)
    return { value: doc.senderRule.defaultDurationHours, source: 'sender rule' };
  return null;
}

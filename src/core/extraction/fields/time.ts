// Start and end times of the session: a time label ("Time: 9:00 AM - 11:00 AM", "Service
// window: 2:30pm–4:00pm", "Start time: 14:30"), then prose ("from 9:00 AM to 11:00 AM",
// "at 09:00"). Dates are blanked first so 20.08.2026 is never read as 20:08.
import type { EmailDoc } from '../document.js';
import { findDates } from '../dates.js';
import { findMilitaryRange, findTimeRanges, findTimes, readMilitaryTime } from '../times.js';
import { proseLines, isAlias, labelHits, labelSource, textSource, type Found } from './common.js';

export interface TimesFound {
  start: Found<number> | null;
  end: Found<number> | null;
}

// "by"/"before" only right before the time ("by 5 PM"); "extended by one visit on …" is a session.
const NOT_SESSION =
  /(?:\b(arrive|arrival|call|check[- ]in|office hours|open|closed|deadline|due|received|sent|submitted|printed|wrote|posted|expires?)\b[^.;]{0,20}|\b(?:by|before)\s*)$/i;
const PROSE_START =
  /\b(at|from|starting|starts|begins|beginning|start time|pick-?up(?: time)?|pickup at|arrive by)\s*:?\s*$/i;

function blankDates(text: string): string {
  let out = text;
  for (const d of findDates(text, { ref: null, order: 'MDY' }))
    out = out.slice(0, d.index) + ' '.repeat(d.length) + out.slice(d.index + d.length);
  // Also "Tue 9/16"-style dates without a year that findDates(ref=null) cannot place.
  return out.replace(/\b\d{1,2}\/\d{1,2}(\/\d{2,4})?\b/g, (m) => ' '.repeat(m.length));
}

export function readTimes(doc: EmailDoc): TimesFound {
  let start: Found<number> | null = null;
  let end: Found<number> | null = null;
  for (const hit of labelHits(doc, 'time')) {
    if (/\b(office|business|open|call|arrival|check.?in|return)\b/i.test(hit.cell.label)) continue;
    const text = blankDates(hit.cell.value);
    const range = findTimeRanges(text)[0] ?? findMilitaryRange(text) ?? undefined;
    if (range) {
      return {
        start: { value: range.start, source: labelSource(hit) },
        end: range.end === null ? null : { value: range.end, source: labelSource(hit) },
      };
    }
    const single = labelTime(text);
    if (single !== null && !start) start = { value: single, source: labelSource(hit) };
  }
  for (const hit of labelHits(doc, 'startTime')) {
    // "Report time: 9:30-11" gives the whole range.
    const range = findTimeRanges(blankDates(hit.cell.value))[0];
    if (range && range.end !== null && !start)
      return {
        start: { value: range.start, source: labelSource(hit) },
        end: { value: range.end, source: labelSource(hit) },
      };
    const t = labelTime(blankDates(hit.cell.value));
    if (t !== null) {
      start = { value: t, source: labelSource(hit) };
      break;
    }
  }
  for (const hit of labelHits(doc, 'endTime')) {
    const t = labelTime(blankDates(hit.cell.value));
    if (t !== null) {
      end = { value: t, source: labelSource(hit) };
      break;
    }
  }
  // A date label may carry the time too ("Date: 09/22/2026 at 10:00 AM").
  if (!start) {
    for (const hit of labelHits(doc, 'date')) {
      const text = blankDates(hit.cell.value);
      const range = findTimeRanges(text)[0];
      if (range)
        return {
          start: { value: range.start, source: labelSource(hit) },
          end: range.end === null ? null : { value: range.end, source: labelSource(hit) },
        };
      const t = findTimes(text)[0];
      if (t?.explicit) {
        start = { value: t.minutes, source: labelSource(hit) };
        break;
      }
    }
  }
  if (start) return { start, end };
  const prose = readProseTimes(doc);
  if (prose.start || (doc.email.isReply && !doc.email.isForward)) return prose;
  // The subject, last: only a range with am/pm or a 24-hour clock ("… 3/10 9-11am").
  const r = findTimeRanges(blankDates(doc.subjectCore))[0];
  return r && r.end !== null && /[ap]\.?m|\d:\d\d/i.test(r.text)
    ? { start: { value: r.start, source: 'subject' }, end: { value: r.end, source: 'subject' } }
    : prose;
}

/** The first clock time of a time label's value, or the value as one military time. */
function labelTime(value: string): number | null {
  return findTimes(value)[0]?.minutes ?? readMilitaryTime(value);
}

function readProseTimes(doc: EmailDoc): TimesFound {
  for (const line of proseLines(doc)) {
    // Lines that are some other label's value (Payment date, Office hours …) do not count.
    if (
      line.cells.some(
        (c) =>
          !isAlias(doc, 'time', c.norm) &&
          !isAlias(doc, 'date', c.norm) &&
          /\d:\d\d|[ap]\.?m\b/i.test(c.value) &&
          !/auth/i.test(c.norm),
      )
    )
      continue;
    const text = blankDates(line.text);
    for (const r of findTimeRanges(text)) {
      const before = text.slice(Math.max(0, r.index - 30), r.index);
      if (NOT_SESSION.test(before)) continue;
      return {
        start: { value: r.start, source: textSource(line) },
        end: r.end === null ? null : { value: r.end, source: textSource(line) },
      };
    }
    for (const t of findTimes(text)) {
      const before = text.slice(Math.max(0, t.index - 30), t.index);
      if (NOT_SESSION.test(before) || !PROSE_START.test(before)) continue;
      return { start: { value: t.minutes, source: textSource(line) }, end: null };
    }
  }
  return { start: null, end: null };
}

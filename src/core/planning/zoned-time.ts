// Wall-clock time in an IANA zone ↔ instants, with Intl only (no library): enough to decide
// whether a service starts in the future and to compute an event's end.
import { dayFormatter, wallClockFormatter } from '../zone-formatters.js';

function offsetMs(utcMs: number, timeZone: string): number {
  const parts = wallClockFormatter(timeZone).formatToParts(new Date(utcMs));
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** The instant at which the wall clock in `timeZone` shows `date` `time` (HH:MM). */
export function zonedToUtcMs(date: string, time: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  const first = guess - offsetMs(guess, timeZone);
  return guess - offsetMs(first, timeZone);
}

/** Today's date (YYYY-MM-DD) on the wall calendar of `timeZone`. */
export function todayIn(timeZone: string, nowMs: number): string {
  return dayFormatter(timeZone).format(new Date(nowMs));
}

/** Adds minutes to a wall-clock date and time (no zone: the calendar API applies it). */
export function addMinutes(
  date: string,
  time: string,
  minutes: number,
): { date: string; time: string } {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const t = new Date(Date.UTC(y, m - 1, d, hh, mm) + Math.round(minutes) * 60_000);
  return {
    date: t.toISOString().slice(0, 10),
    time: t.toISOString().slice(11, 16),
  };
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + days * 86_400_000).toISOString().slice(0, 10);
}

/** True when the service starts after `nowMs`; a service without a time counts for its whole day. */
export function startsInFuture(
  date: string,
  startTime: string | null,
  timeZone: string,
  nowMs: number,
): boolean {
  if (!startTime) return date >= todayIn(timeZone, nowMs);
  return zonedToUtcMs(date, startTime, timeZone) > nowMs;
}

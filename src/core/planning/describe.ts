// Human-readable text derived from an authorization: invoice public notes and the calendar
// event (summary, description, start/end with an explicit IANA zone).
import type { AuthorizationFields } from '../extraction-record.js';
import type { EventBody } from './payloads.js';
import { addDays, addMinutes } from './zoned-time.js';

export function mileageText(stated: number | null, calculated: number | null): string | null {
  if (stated != null) return `${stated} mi`;
  if (calculated != null) return `${calculated} mi (calculated)`;
  return null;
}

function timeRange(f: AuthorizationFields): string {
  const s = f.service;
  const parts = [s.date ?? 'date not stated'];
  if (s.startTime) parts.push(s.endTime ? `${s.startTime}–${s.endTime}` : s.startTime);
  if (s.durationHours != null) parts.push(`(${s.durationHours} h)`);
  return parts.join(' ');
}

export function publicNotes(f: AuthorizationFields, calculatedMileage: number | null): string {
  const lines = [`Authorization: ${f.authorizationId ?? '—'}`];
  if (f.recipient.name) lines.push(`Person served: ${f.recipient.name}`);
  lines.push(`Service: ${f.service.description ?? 'Service'} on ${timeRange(f)}`);
  if (f.service.location) lines.push(`Location: ${f.service.location}`);
  const miles = mileageText(f.mileage, calculatedMileage);
  if (miles) lines.push(`Mileage: ${miles}`);
  const agency = [f.client.name, f.client.email ? `<${f.client.email}>` : null].filter(Boolean);
  if (agency.length) lines.push(`Agency: ${agency.join(' ')}`);
  return lines.join('\n');
}

export function eventBody(
  f: AuthorizationFields,
  timeZone: string,
  defaultDurationHours: number,
): EventBody {
  const s = f.service;
  const date = s.date!;
  const summary = [s.description ?? 'Service', f.recipient.name].filter(Boolean).join(' – ');
  const description = [
    `Authorization: ${f.authorizationId ?? '—'}`,
    f.recipient.name ? `Person served: ${f.recipient.name}` : null,
    f.client.name || f.client.email ? `Agency: ${f.client.name ?? f.client.email}` : null,
  ]
    .filter(Boolean)
    .join('\n');
  if (!s.startTime) {
    return {
      summary,
      description,
      location: s.location,
      start: { date, timeZone },
      end: { date: addDays(date, 1), timeZone },
    };
  }
  let end: { date: string; time: string };
  if (s.endTime && s.endTime > s.startTime) end = { date, time: s.endTime };
  else end = addMinutes(date, s.startTime, (s.durationHours ?? defaultDurationHours) * 60);
  return {
    summary,
    description,
    location: s.location,
    start: { dateTime: `${date}T${s.startTime}:00`, timeZone },
    end: { dateTime: `${end.date}T${end.time}:00`, timeZone },
  };
}

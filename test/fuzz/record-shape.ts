// What "a well-formed record" means for the fuzz runs: every schema key present with the
// right type and format, whatever the input was.
import type { ExtractionRecord } from '../../src/core/extraction-record.js';

const str = (v: unknown): boolean => v === null || typeof v === 'string';
const num = (v: unknown): boolean => v === null || (typeof v === 'number' && Number.isFinite(v));

/** Problems with a record's shape; empty when it is well formed. */
export function shapeProblems(r: ExtractionRecord): string[] {
  const p: string[] = [];
  if (typeof r !== 'object' || r === null) return ['not an object'];
  if (typeof r.isAuthorization !== 'boolean') p.push('isAuthorization');
  if (![null, 'new', 'amendment', 'cancellation'].includes(r.kind)) p.push('kind');
  if (!str(r.authorizationId)) p.push('authorizationId');
  if (!r.client || !str(r.client.name) || !str(r.client.email)) p.push('client');
  if (!r.recipient || !str(r.recipient.name)) p.push('recipient');
  const s = r.service;
  if (!s) p.push('service');
  else {
    if (!str(s.description)) p.push('service.description');
    if (!(s.date === null || /^\d{4}-\d{2}-\d{2}$/.test(s.date))) p.push('service.date');
    if (!(s.startTime === null || /^\d{2}:\d{2}$/.test(s.startTime))) p.push('service.startTime');
    if (!(s.endTime === null || /^\d{2}:\d{2}$/.test(s.endTime))) p.push('service.endTime');
    if (!num(s.durationHours)) p.push('service.durationHours');
    if (!str(s.location)) p.push('service.location');
  }
  if (!num(r.mileage)) p.push('mileage');
  if (typeof r.confidence !== 'number' || r.confidence < 0 || r.confidence > 1)
    p.push('confidence');
  if (!Array.isArray(r.reasons) || !Array.isArray(r.warnings)) p.push('reasons/warnings');
  if (!r.isAuthorization && (r.authorizationId !== null || r.kind !== null))
    p.push('non-authorization with fields');
  try {
    JSON.stringify(r);
  } catch {
    p.push('not serialisable');
  }
  return p;
}

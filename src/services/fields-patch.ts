// Applies a review-queue correction to an authorization's fields: validates every value the
// person typed (dates, times, numbers) and merges nested objects, never trusting the shape.
import type { FieldsPatch } from '../core/control.js';
import type { AuthorizationFields, AuthorizationKind } from '../core/extraction-record.js';

export type PatchResult =
  | { ok: true; fields: AuthorizationFields; kind: AuthorizationKind | null }
  | { ok: false; problems: string[] };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const KINDS = ['new', 'amendment', 'cancellation'];

export function applyFieldsPatch(fields: AuthorizationFields, patch: FieldsPatch): PatchResult {
  const problems: string[] = [];
  const text = (name: string, v: unknown): void => {
    if (v !== undefined && v !== null && typeof v !== 'string')
      problems.push(`${name} must be text or null`);
  };
  const pattern = (name: string, v: unknown, re: RegExp, what: string): void => {
    text(name, v);
    if (typeof v === 'string' && !re.test(v)) problems.push(`${name} must be ${what}`);
  };
  const number = (name: string, v: unknown, min: number): void => {
    if (v === undefined || v === null) return;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min)
      problems.push(`${name} must be a number ≥ ${min}`);
  };
  text('authorizationId', patch.authorizationId);
  text('client.name', patch.client?.name);
  text('client.email', patch.client?.email);
  if (typeof patch.client?.email === 'string' && !/^[^@\s]+@[^@\s]+$/.test(patch.client.email)) {
    problems.push('client.email must be an email address');
  }
  text('recipient.name', patch.recipient?.name);
  text('service.description', patch.service?.description);
  text('service.location', patch.service?.location);
  pattern('service.date', patch.service?.date, DATE, 'a date like 2026-03-14');
  pattern('service.startTime', patch.service?.startTime, TIME, 'a time like 09:30');
  pattern('service.endTime', patch.service?.endTime, TIME, 'a time like 11:00');
  number('service.durationHours', patch.service?.durationHours, 0);
  number('mileage', patch.mileage, 0);
  if (patch.kind !== undefined && !KINDS.includes(patch.kind))
    problems.push(`kind must be one of ${KINDS.join(', ')}`);
  if (problems.length) return { ok: false, problems };
  const merged: AuthorizationFields = {
    authorizationId:
      patch.authorizationId !== undefined ? patch.authorizationId : fields.authorizationId,
    client: { ...fields.client, ...defined(patch.client) },
    recipient: { ...fields.recipient, ...defined(patch.recipient) },
    service: { ...fields.service, ...defined(patch.service) },
    mileage: patch.mileage !== undefined ? patch.mileage : fields.mileage,
  };
  return { ok: true, fields: merged, kind: patch.kind ?? null };
}

function defined<T extends object>(o: T | undefined): Partial<T> {
  if (!o) return {};
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

// An amendment states only what changed: the fields in force are the latest non-null value of
// each field across the authorization's emails (same generation, oldest first), then this one.
import type { AuthorizationHistoryItem } from '../actions.js';
import type { AuthorizationFields } from '../extraction-record.js';

function overlay(base: AuthorizationFields, next: AuthorizationFields): AuthorizationFields {
  const pick = <T>(a: T | null, b: T | null): T | null => b ?? a;
  return {
    authorizationId: pick(base.authorizationId, next.authorizationId),
    client: {
      name: pick(base.client.name, next.client.name),
      email: pick(base.client.email, next.client.email),
    },
    recipient: { name: pick(base.recipient.name, next.recipient.name) },
    service: {
      description: pick(base.service.description, next.service.description),
      date: pick(base.service.date, next.service.date),
      startTime: pick(base.service.startTime, next.service.startTime),
      endTime: pick(base.service.endTime, next.service.endTime),
      durationHours: pick(base.service.durationHours, next.service.durationHours),
      location: pick(base.service.location, next.service.location),
    },
    mileage: pick(base.mileage, next.mileage),
  };
}

/** Earlier emails of this generation that still count (not rejected, not cancellations). */
export function relevantHistory(
  history: AuthorizationHistoryItem[],
  generation: number,
): AuthorizationHistoryItem[] {
  return history.filter(
    (h) => h.generation === generation && h.status !== 'rejected' && h.kind !== 'cancellation',
  );
}

export function mergeFields(
  history: AuthorizationHistoryItem[],
  current: AuthorizationFields,
): AuthorizationFields {
  let fields = history[0]?.fields ?? current;
  for (const h of history.slice(1)) fields = overlay(fields, h.fields);
  return history.length ? overlay(fields, current) : current;
}

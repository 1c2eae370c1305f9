// The webhook body: the seed's fields (title, message, success, timestamp, details) plus
// `type`, a stable `id` and a one-line `text` for Slack/Matrix-style receivers. The outcome is
// read from the dependencies: any of them failed for good → authorization.failed.
// Receivers are often chat rooms, so by default the person served shows only as initials and
// the service location is left out (NOTIFICATION_WEBHOOK_INCLUDE_PERSONAL_DATA opts in).
import type { DependencyOutcome } from '../../core/actions.js';
import { formatCents } from '../../core/billing/line-items.js';
import { mileageText } from '../../core/planning/describe.js';
import type { WebhookPayload } from '../../core/planning/payloads.js';

export type WebhookType =
  | 'authorization.processed'
  | 'authorization.review_needed'
  | 'authorization.failed'
  | 'authorization.amended'
  | 'authorization.cancelled'
  | 'ping';

const TITLES: Record<WebhookType, string> = {
  'authorization.processed': 'Authorization processed',
  'authorization.review_needed': 'Authorization needs review',
  'authorization.failed': 'Authorization failed',
  'authorization.amended': 'Authorization amended',
  'authorization.cancelled': 'Authorization cancelled',
  ping: 'Test notification',
};

export interface WebhookMessageOptions {
  /** true: full name and location of the person served; false (default): initials, no location. */
  includePersonalData?: boolean;
}

/** "Sam Rivera" → "S. R."; null/blank → null. */
export function initialsOf(name: string | null | undefined): string | null {
  const words = (name ?? '').split(/[\s,]+/).filter((w) => /\p{L}/u.test(w));
  if (!words.length) return null;
  return words.map((w) => `${w.match(/\p{L}/u)![0]!.toUpperCase()}.`).join(' ');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Replaces any verbatim occurrence of the name (or location) in free text, e.g. a vendor error. */
function scrubber(name: string | null, location: string | null): (s: string) => string {
  const rules: [RegExp, string][] = [];
  const initials = initialsOf(name);
  if (name?.trim() && initials)
    rules.push([new RegExp(escapeRegExp(name.trim()).replace(/\s+/g, '\\s+'), 'giu'), initials]);
  if (location?.trim())
    rules.push([new RegExp(escapeRegExp(location.trim()), 'giu'), '[location withheld]']);
  return (s) => rules.reduce((acc, [re, by]) => acc.replace(re, by), s);
}

export function buildWebhookMessage(
  p: WebhookPayload,
  dependencies: Record<string, DependencyOutcome>,
  options: WebhookMessageOptions = {},
): Record<string, unknown> {
  const personal = options.includePersonalData === true;
  const deps = Object.values(dependencies);
  const failures = deps.filter((d) => d.status === 'failed');
  const type: WebhookType = failures.length ? 'authorization.failed' : `authorization.${p.event}`;
  const result = (t: string): Record<string, unknown> | null =>
    deps.find((d) => d.type === t && d.status === 'done')?.result ?? null;
  const invoice =
    result('invoiceninja.create_invoice') ??
    result('invoiceninja.update_invoice') ??
    result('invoiceninja.cancel_invoice');
  const event =
    result('calendar.create_event') ??
    result('calendar.update_event') ??
    result('calendar.delete_event');
  const f = p.fields;
  const who = f.client.name ?? f.client.email ?? 'unknown agency';
  const id = f.authorizationId ?? 'without a number';
  const scrub = personal
    ? (t: string): string => t
    : scrubber(f.recipient.name, f.service.location);
  const errors = failures.map((d) => scrub(`${d.type}: ${d.lastError ?? 'failed'}`));
  const skipped = deps.filter((d) => d.status === 'skipped').map((d) => d.type);
  let message: string;
  switch (type) {
    case 'authorization.failed':
      message = `Authorization ${id} from ${who} could not be completed: ${errors.join('; ')}`;
      break;
    case 'authorization.review_needed':
      message = `Authorization ${id} from ${who} needs review: ${p.reviewReasons.join('; ')}`;
      break;
    case 'authorization.cancelled':
      message = `Authorization ${id} from ${who} was cancelled`;
      break;
    case 'authorization.amended':
      message = `Authorization ${id} from ${who} was amended`;
      break;
    case 'authorization.processed':
      message = `Authorization ${id} from ${who} for ${f.service.date ?? 'an unknown date'} was processed`;
  }
  if (invoice?.number) message += `; invoice ${String(invoice.number)}`;
  if (p.totalCents != null && type !== 'authorization.cancelled')
    message += ` (${formatCents(p.totalCents)})`;
  if (skipped.length) message += `; not sent (not configured): ${skipped.join(', ')}`;
  message = scrub(message);
  const { location, ...serviceWithoutLocation } = f.service;
  void location;
  return {
    id: p.eventId,
    type,
    title: TITLES[type],
    message,
    text: `${TITLES[type]}: ${message}`.replace(/\s+/g, ' '),
    success: type !== 'authorization.failed',
    timestamp: p.occurredAt,
    details: {
      authorizationId: f.authorizationId,
      kind: p.kind,
      client: f.client,
      personServed: personal ? f.recipient.name : initialsOf(f.recipient.name),
      service: personal ? f.service : serviceWithoutLocation,
      mileage: mileageText(f.mileage, p.calculatedMileage),
      total: p.totalCents != null ? formatCents(p.totalCents) : null,
      invoice: invoice
        ? {
            id: invoice.invoiceId ?? null,
            number: invoice.number ?? null,
            url: invoice.url ?? null,
          }
        : null,
      calendarEvent: event ? { id: event.eventId ?? null, link: event.htmlLink ?? null } : null,
      reviewReasons: p.reviewReasons.map(scrub),
      errors,
    },
  };
}

// The payloads the planner writes into each outbox row and the handlers read back. JSON only
// (they are stored in actions.payload_json); the handlers never re-derive billing.
import type { AuthorizationFields } from '../extraction-record.js';
import type { LineItem } from '../billing/line-items.js';

export interface ClientPayload {
  /** external_refs key of the client: the issuer key (e.g. "@agency.example"). */
  clientKey: string;
  name: string | null;
  email: string | null;
}

export interface InvoicePayload {
  clientKey: string;
  /** external_refs key of the invoice: `<authKey>|g<generation>`. */
  invoiceKey: string;
  /** Deterministic, unique per company (see keys.ts). */
  number: string;
  poNumber: string;
  date: string;
  lines: LineItem[];
  totalCents: number;
  publicNotes: string;
  markSent: boolean;
  /** Planned without billable rates: only ever previewed, never sent. */
  previewOnly?: boolean;
}

export interface CancelInvoicePayload {
  invoiceKey: string;
  number: string;
}

export interface EventBody {
  summary: string;
  description: string;
  location: string | null;
  start: { date?: string; dateTime?: string; timeZone: string };
  end: { date?: string; dateTime?: string; timeZone: string };
}

export interface EventPayload {
  /** external_refs key of the event: `<authKey>|g<generation>`. */
  eventKey: string;
  eventId: string;
  event: EventBody;
  /** update_event only: insert the event when none exists (the new date is in the future). */
  createIfMissing?: boolean;
  /** Idempotency key of the invoice action, to link the invoice in the description. */
  invoiceActionKey?: string;
}

export interface DeleteEventPayload {
  eventKey: string;
  eventId: string;
}

export type WebhookEvent = 'processed' | 'review_needed' | 'amended' | 'cancelled';

export interface WebhookPayload {
  event: WebhookEvent;
  eventId: string;
  /** ISO time the outcome was decided (stable across retries). */
  occurredAt: string;
  kind: string;
  authorizationNumber: string | null;
  fields: AuthorizationFields;
  calculatedMileage: number | null;
  totalCents: number | null;
  reviewReasons: string[];
}

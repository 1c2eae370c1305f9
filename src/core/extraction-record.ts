// The record the extraction engine produces for one email: the public schema of
// ../shared/samples/README.md (kept key for key) plus the engine's own extras.
// Null means "not stated in this email"; nothing is ever invented.

export type AuthorizationKind = 'new' | 'amendment' | 'cancellation';

export interface ServiceFields {
  description: string | null;
  /** YYYY-MM-DD, the (first) session date in the service's time zone. */
  date: string | null;
  /** HH:MM, 24 h. */
  startTime: string | null;
  endTime: string | null;
  durationHours: number | null;
  /** Street address as written, on one line. */
  location: string | null;
}

export interface AuthorizationFields {
  authorizationId: string | null;
  client: { name: string | null; email: string | null };
  recipient: { name: string | null };
  service: ServiceFields;
  /** Miles as stated in the email; a calculated distance never goes here. */
  mileage: number | null;
}

/** Where a field's value came from, e.g. "label:Authorization Number" or "html-table" or "pdf". */
export type FieldSources = Partial<Record<string, string>>;

export interface ExtractionRecord extends AuthorizationFields {
  isAuthorization: boolean;
  kind: AuthorizationKind | null;
  /** 0..1: how sure the classifier is that this is an authorization. */
  confidence: number;
  /** Signals behind the classification, readable by a person. */
  reasons: string[];
  /** Things the engine noticed but could not resolve (bad charset, unreadable PDF …). */
  warnings: string[];
  sources: FieldSources;
  /** IANA zone the date and times are expressed in. */
  timeZone: string | null;
  /** Summary of the email itself, for lists and logs. */
  email: EmailSummary;
}

export interface EmailSummary {
  messageId: string | null;
  subject: string | null;
  from: string | null;
  /** ISO 8601 of the Date: header (of the original, for a forward), if readable. */
  date: string | null;
  attachments: { filename: string | null; contentType: string; size: number }[];
}

/** What an invoice needs; without these an authorization goes to review, never to an invoice. */
export function missingForInvoice(
  record: AuthorizationFields,
  opts: { hasFixedFee: boolean },
): string[] {
  const missing: string[] = [];
  if (!record.authorizationId) missing.push('authorizationId');
  if (!record.service.date) missing.push('service.date');
  if (record.service.durationHours == null && !opts.hasFixedFee)
    missing.push('service.durationHours');
  return missing;
}

export function emptyFields(): AuthorizationFields {
  return {
    authorizationId: null,
    client: { name: null, email: null },
    recipient: { name: null },
    service: {
      description: null,
      date: null,
      startTime: null,
      endTime: null,
      durationHours: null,
      location: null,
    },
    mileage: null,
  };
}

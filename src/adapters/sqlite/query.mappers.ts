// Pure mapping helpers for the query repository: JSON columns, the per-field view of an
// authorization (value in force, value as extracted, where it came from) and the links into
// InvoiceNinja and Google Calendar derived from what the actions recorded.

export interface ActionRow {
  id: number;
  authorization_id: number;
  type: string;
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  last_error_code: string | null;
  request_json: string | null;
  result_json: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface FieldRow {
  /** Dotted path in the fields object, e.g. `service.date`. */
  path: string;
  value: unknown;
  extracted: unknown;
  /** Where the engine found it (e.g. `label:Authorization Number`), when recorded. */
  source: string | null;
  /** True when a person changed it in review. */
  corrected: boolean;
}

export interface AuthorizationLinks {
  invoiceNinjaClientId: string | null;
  invoiceNinjaInvoiceId: string | null;
  invoiceUrl: string | null;
  clientUrl: string | null;
  calendarEventId: string | null;
  calendarEventUrl: string | null;
}

export const FIELD_PATHS = [
  'authorizationId',
  'client.name',
  'client.email',
  'recipient.name',
  'service.description',
  'service.date',
  'service.startTime',
  'service.endTime',
  'service.durationHours',
  'service.location',
  'mileage',
] as const;

export function parseJson<T>(text: unknown, fallback: T): T {
  if (typeof text !== 'string' || text === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function at(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return null;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur === undefined ? null : cur;
}

export function fieldRows(fields: unknown, extracted: unknown): FieldRow[] {
  const sources = (at(extracted, 'sources') ?? {}) as Record<string, unknown>;
  return FIELD_PATHS.map((path) => {
    const value = at(fields, path);
    const ext = at(extracted, path);
    const leaf = path.split('.').pop() ?? path;
    const src = sources[path] ?? sources[leaf];
    return {
      path,
      value,
      extracted: ext,
      source: typeof src === 'string' ? src : null,
      corrected: JSON.stringify(value) !== JSON.stringify(ext),
    };
  });
}

const idOf = (result: Record<string, unknown> | null, ...keys: string[]): string | null => {
  for (const k of keys) {
    const v = result?.[k];
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number') return String(v);
  }
  return null;
};

/**
 * Links from the results the handlers recorded (latest wins). Handlers store e.g.
 * `{ clientId }`, `{ invoiceId }`, `{ eventId, htmlLink }`; `id` is accepted as a fallback.
 */
export function actionLinks(actions: ActionRow[], invoiceNinjaUrl: string): AuthorizationLinks {
  const links: AuthorizationLinks = {
    invoiceNinjaClientId: null,
    invoiceNinjaInvoiceId: null,
    invoiceUrl: null,
    clientUrl: null,
    calendarEventId: null,
    calendarEventUrl: null,
  };
  const base = invoiceNinjaUrl.replace(/\/+$/, '');
  for (const a of actions) {
    if (a.status !== 'done') continue;
    const result = parseJson<Record<string, unknown> | null>(a.result_json, null);
    if (a.type === 'invoiceninja.ensure_client') {
      links.invoiceNinjaClientId =
        idOf(result, 'clientId', 'client_id', 'id') ?? links.invoiceNinjaClientId;
    } else if (a.type.startsWith('invoiceninja.') && a.type.endsWith('_invoice')) {
      // create / update / cancel: a cancelled invoice still exists and can be opened.
      links.invoiceNinjaInvoiceId =
        idOf(result, 'invoiceId', 'invoice_id', 'id') ?? links.invoiceNinjaInvoiceId;
    } else if (a.type === 'calendar.create_event' || a.type === 'calendar.update_event') {
      links.calendarEventId = idOf(result, 'eventId', 'event_id', 'id') ?? links.calendarEventId;
      const html = idOf(result, 'htmlLink', 'html_link');
      // Only a web link may become an href in the dashboard (never javascript: or data:).
      if (html && /^https?:\/\//i.test(html)) links.calendarEventUrl = html;
    } else if (a.type === 'calendar.delete_event') {
      links.calendarEventId = null;
      links.calendarEventUrl = null;
    }
  }
  if (base && links.invoiceNinjaInvoiceId)
    links.invoiceUrl = `${base}/#/invoices/${encodeURIComponent(links.invoiceNinjaInvoiceId)}/edit`;
  if (base && links.invoiceNinjaClientId)
    links.clientUrl = `${base}/#/clients/${encodeURIComponent(links.invoiceNinjaClientId)}`;
  return links;
}

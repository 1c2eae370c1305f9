// Shared renderers for authorization data: summary accessors that tolerate camelCase and
// snake_case shapes, action state badges, invoice/calendar links, the email summary and the
// field table. Everything from the API is set as text.
import { badge, el, externalLink, pick, prettyJson } from './dom.js';
import { formatTime, humanize, statusKind } from './format.js';

/** The handful of values the lists show, whatever shape the API used. */
export function summarize(a) {
  return {
    id: pick(a, 'id'),
    status: pick(a, 'status') ?? '',
    kind: pick(a, 'kind') ?? '',
    number: pick(
      a,
      'authorizationNumber',
      'authorization_number',
      'fields.authorizationId',
      'authorizationId',
    ),
    client: pick(a, 'clientName', 'client_name', 'fields.client.name', 'client.name'),
    person: pick(a, 'recipientName', 'recipient_name', 'fields.recipient.name', 'recipient.name'),
    date: pick(a, 'serviceDate', 'service_date', 'fields.service.date', 'service.date'),
    subject: pick(a, 'email.subject', 'subject', 'emailSubject', 'email_subject'),
    reasons: pick(a, 'reviewReasons', 'review_reasons', 'reasons') ?? [],
    lastError: pick(a, 'lastError', 'last_error'),
    actions: pick(a, 'actions') ?? [],
    links: pick(a, 'links') ?? {},
  };
}

/** Badges "invoice: done", "calendar: failed" … for a list of actions. */
export function actionBadges(actions) {
  if (!Array.isArray(actions) || actions.length === 0)
    return [el('span', { class: 'muted', text: '—' })];
  return actions.map((a) => {
    const status = pick(a, 'status') ?? '?';
    return badge(
      `${humanize(pick(a, 'type', 'actionType') ?? 'action')}: ${humanize(status)}`,
      statusKind(status),
    );
  });
}

function linkUrl(value) {
  if (typeof value === 'string') return value;
  return pick(value ?? {}, 'url', 'href');
}

/** Links to the invoice, its client and the calendar event (http(s) only), or a dash. */
export function linkCells(links, { placeholder = true } = {}) {
  const out = [];
  const invoice = linkUrl(pick(links, 'invoiceUrl', 'invoice_url', 'invoice'));
  const client = linkUrl(pick(links, 'clientUrl', 'client_url'));
  const calendar = linkUrl(
    pick(links, 'calendarEventUrl', 'calendar_event_url', 'calendarUrl', 'calendar'),
  );
  if (invoice) out.push(externalLink(invoice, 'Invoice'));
  if (client) out.push(externalLink(client, 'Client'));
  if (calendar) out.push(externalLink(calendar, 'Calendar event'));
  if (out.length === 0 && placeholder) out.push(el('span', { class: 'muted', text: '—' }));
  return out;
}

/** Field path → where the engine found it, from the detail's fieldList (or a sources map). */
export function fieldSources(detail) {
  const out = {};
  const list = pick(detail, 'fieldList');
  if (Array.isArray(list)) {
    for (const f of list) {
      if (!f || !f.path) continue;
      const parts = [];
      if (f.source) parts.push(f.source);
      if (f.corrected)
        parts.push(
          `corrected (read as ${f.extracted === null || f.extracted === undefined ? 'nothing' : JSON.stringify(f.extracted)})`,
        );
      if (parts.length) out[f.path] = parts.join('; ');
    }
  }
  const map = pick(detail, 'sources', 'extracted.sources', 'fieldSources');
  if (map && typeof map === 'object') {
    for (const [k, v] of Object.entries(map)) if (!(k in out) && typeof v === 'string') out[k] = v;
  }
  return out;
}

/** Definition list from [label, value] pairs; values are text. */
export function keyValues(pairs) {
  const dl = el('dl', { class: 'kv' });
  for (const [k, v] of pairs) {
    dl.append(
      el('dt', { text: k }),
      el('dd', { text: v === null || v === undefined || v === '' ? '—' : String(v) }),
    );
  }
  return dl;
}

/** The source email's summary (subject, sender, date, attachments). */
export function emailSummary(email) {
  if (!email || typeof email !== 'object')
    return el('p', { class: 'muted', text: 'No email summary.' });
  const attachments = pick(email, 'attachments') ?? [];
  return keyValues([
    ['Subject', pick(email, 'subject')],
    ['From', pick(email, 'from', 'fromAddress', 'from_address')],
    [
      'Date',
      formatTime(pick(email, 'date', 'dateHeader', 'date_header', 'receivedAt', 'received_at')),
    ],
    ['Email id', pick(email, 'id', 'emailId')],
    [
      'Attachments',
      Array.isArray(attachments) && attachments.length
        ? attachments
            .map((f) => `${f.filename ?? '(unnamed)'} (${f.contentType ?? f.content_type ?? '?'})`)
            .join(', ')
        : 'none',
    ],
  ]);
}

const FIELD_ROWS = [
  ['Authorization id', 'authorizationId'],
  ['Client name', 'client.name'],
  ['Client email', 'client.email'],
  ['Person served', 'recipient.name'],
  ['Description', 'service.description'],
  ['Date', 'service.date'],
  ['Start', 'service.startTime'],
  ['End', 'service.endTime'],
  ['Duration (h)', 'service.durationHours'],
  ['Location', 'service.location'],
  ['Mileage', 'mileage'],
];

/** Field table: value in force, and where it came from when the API says so. */
export function fieldsTable(fields, sources) {
  const rows = FIELD_ROWS.map(([label, path]) => {
    const v = pick(fields ?? {}, path);
    const src = sources ? (sources[path] ?? sources[path.split('.').pop()]) : undefined;
    return el(
      'tr',
      {},
      el('th', { text: label, attrs: { scope: 'row' } }),
      el('td', { class: 'wrap', text: v === undefined ? '—' : String(v) }),
      el('td', { class: 'muted', text: src ?? '' }),
    );
  });
  return el('div', { class: 'table-wrap' }, el('table', {}, el('tbody', {}, ...rows)));
}

/** One card per action: type, status, attempts, last error, and its request/result as JSON. */
export function actionsDetail(actions) {
  if (!Array.isArray(actions) || actions.length === 0)
    return el('p', { class: 'muted', text: 'No actions yet.' });
  return el(
    'div',
    { class: 'stack' },
    ...actions.map((a) => {
      const status = pick(a, 'status') ?? '?';
      const request = pick(a, 'request', 'requestJson', 'request_json');
      const result = pick(a, 'result', 'resultJson', 'result_json');
      const err = pick(a, 'lastError', 'last_error');
      return el(
        'div',
        { class: 'card' },
        el(
          'div',
          { class: 'detail-head' },
          el('strong', { text: humanize(pick(a, 'type') ?? 'action') }),
          badge(humanize(status), statusKind(status)),
        ),
        keyValues([
          ['Attempts', pick(a, 'attempts')],
          [
            'Next attempt',
            pick(a, 'nextAttemptAt', 'next_attempt_at')
              ? formatTime(pick(a, 'nextAttemptAt', 'next_attempt_at'))
              : null,
          ],
          ['External id', pick(a, 'externalId', 'external_id')],
        ]),
        err ? el('p', { class: 'error', text: `Last error: ${err}` }) : null,
        request
          ? el(
              'details',
              {},
              el('summary', { text: 'Request' }),
              el('pre', { text: prettyJson(request) }),
            )
          : null,
        result
          ? el(
              'details',
              {},
              el('summary', { text: 'Result' }),
              el('pre', { text: prettyJson(result) }),
            )
          : null,
      );
    }),
  );
}

/** Error box for an ApiError: the message plus any field-level details. */
export function errorBox(err) {
  const details = typeof err.details !== 'undefined' ? err.details : [];
  return el(
    'div',
    { class: 'error', attrs: { role: 'alert' } },
    el('p', { text: err.message }),
    details.length ? el('ul', {}, ...details.map((d) => el('li', { text: d }))) : null,
  );
}

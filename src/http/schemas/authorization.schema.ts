// Authorizations: list filters, list items with action states and links, the detail view,
// and the correction body of PATCH (FieldsPatch from core/control.ts).
import { anyJson, nullable, pageProperties, pageQueryProperties } from './common.schema.js';
import { emailSummaryProperties } from './email.schema.js';

export const authorizationStatuses = [
  'needs_review',
  'queued',
  'in_progress',
  'done',
  'failed',
  'rejected',
];
const DATE = '^\\d{4}-\\d{2}-\\d{2}$';
const TIME = '^([01]\\d|2[0-3]):[0-5]\\d$';

export const authorizationQuerySchema = {
  type: 'object',
  properties: {
    ...pageQueryProperties,
    status: {
      type: 'string',
      enum: authorizationStatuses,
      description:
        'Only this status: needs_review (waiting for a person), queued/in_progress (actions running), done, failed (an action failed; retry it), rejected.',
    },
    client: {
      type: 'string',
      maxLength: 200,
      description: 'Part of the client (agency) name or email.',
    },
    date_from: {
      type: 'string',
      pattern: DATE,
      description: 'Service date on or after, YYYY-MM-DD.',
    },
    date_to: {
      type: 'string',
      pattern: DATE,
      description: 'Service date on or before, YYYY-MM-DD.',
    },
    q: {
      type: 'string',
      maxLength: 200,
      description:
        'Free text found in the authorization number, client, person served or email subject.',
    },
  },
} as const;

const actionSummaryProperties = {
  id: { type: 'integer' },
  type: {
    type: 'string',
    description: 'e.g. invoiceninja.create_invoice, calendar.create_event, webhook.notify.',
  },
  status: {
    type: 'string',
    description: 'pending, running, done, failed or skipped (not configured: preview only).',
  },
  attempts: { type: 'integer' },
  lastError: nullable('string', 'The last error, if any.'),
} as const;

const linksSchema = {
  type: 'object',
  description: 'Where the results live in the other systems.',
  properties: {
    invoiceNinjaClientId: nullable('string', 'Client id in InvoiceNinja.'),
    invoiceNinjaInvoiceId: nullable('string', 'Invoice id in InvoiceNinja.'),
    invoiceUrl: nullable('string', 'Opens the invoice in InvoiceNinja.'),
    clientUrl: nullable('string', 'Opens the client in InvoiceNinja.'),
    calendarEventId: nullable('string', 'Google Calendar event id.'),
    calendarEventUrl: nullable('string', 'Opens the event in Google Calendar.'),
  },
} as const;

const itemProperties = {
  id: {
    type: 'integer',
    description: 'Authorization id (use with get_authorization and the other tools).',
  },
  authorizationNumber: nullable('string', "The agency's authorization number."),
  kind: { type: 'string', description: 'new, amendment or cancellation.' },
  generation: { type: 'integer', description: 'Increments when re-issued after a cancellation.' },
  status: {
    type: 'string',
    description: 'needs_review, queued, in_progress, done, failed or rejected.',
  },
  reviewReasons: {
    type: 'array',
    items: { type: 'string' },
    description: 'Why a person must look at it.',
  },
  corrected: { type: 'boolean', description: 'True when a person corrected fields.' },
  clientName: nullable('string', 'The agency (billing client).'),
  clientEmail: nullable('string', "The agency's email."),
  recipientName: nullable('string', 'The person served.'),
  serviceDate: nullable('string', 'YYYY-MM-DD.'),
  lastError: nullable('string', 'Latest error of its actions.'),
  emailId: { type: 'integer', description: 'The email it was read from.' },
  subject: nullable('string', "The email's subject."),
  createdAt: { type: 'string' },
  updatedAt: { type: 'string' },
  links: linksSchema,
} as const;

export const authorizationPageSchema = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      description: 'Newest first.',
      items: {
        type: 'object',
        properties: {
          ...itemProperties,
          actions: {
            type: 'array',
            items: { type: 'object', properties: actionSummaryProperties },
          },
        },
      },
    },
    ...pageProperties,
  },
} as const;

export const authorizationDetailSchema = {
  type: 'object',
  properties: {
    ...itemProperties,
    timeZone: { type: 'string', description: 'IANA zone of the date and times.' },
    calculatedMileage: nullable(
      'number',
      'Miles the service calculated because the email stated none.',
    ),
    fields: anyJson('The fields in force (after any correction).'),
    extracted: anyJson('The record as the engine read it (with sources, confidence, reasons).'),
    fieldList: {
      type: 'array',
      description:
        'Each field: value in force, value as extracted, where it was found, whether corrected.',
      items: {
        type: 'object',
        properties: {
          path: { type: 'string', description: 'e.g. service.date' },
          value: anyJson('Value in force.'),
          extracted: anyJson('Value as the engine read it.'),
          source: nullable('string', 'Where the engine found it.'),
          corrected: { type: 'boolean' },
        },
      },
    },
    extraction: {
      type: 'object',
      properties: {
        confidence: nullable('number', 'How sure the classifier was (0..1).'),
        reasons: { type: 'array', items: { type: 'string' } },
        warnings: { type: 'array', items: { type: 'string' } },
      },
    },
    actions: {
      type: 'array',
      description: 'The external steps (invoice, calendar, webhook) and their state.',
      items: {
        type: 'object',
        properties: {
          ...actionSummaryProperties,
          lastErrorCode: nullable('string', 'Stable error code of the last error.'),
          nextAttemptAt: nullable('string', 'When it will be tried again.'),
          request: anyJson('The request sent (or that would have been sent), secrets redacted.'),
          result: anyJson('What came back.'),
          createdAt: { type: 'string' },
          updatedAt: { type: 'string' },
          finishedAt: nullable('string', 'When it reached a final state.'),
        },
      },
    },
    email: { type: 'object', description: 'The source email.', properties: emailSummaryProperties },
  },
} as const;

const text = (d: string) =>
  ({ type: 'string', nullable: true, maxLength: 500, description: d }) as const;

export const fieldsPatchSchema = {
  type: 'object',
  description: 'Only the fields to change; nested objects are merged. null clears a value.',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    authorizationId: text("The agency's authorization number."),
    kind: {
      type: 'string',
      enum: ['new', 'amendment', 'cancellation'],
      description: 'What the email asks for.',
    },
    mileage: {
      type: 'number',
      nullable: true,
      minimum: 0,
      description: 'Miles as stated by the agency.',
    },
    client: {
      type: 'object',
      additionalProperties: false,
      description: 'The agency that pays.',
      properties: { name: text('Agency name.'), email: text('Agency email.') },
    },
    recipient: {
      type: 'object',
      additionalProperties: false,
      description: 'The person served.',
      properties: { name: text('Full name.') },
    },
    service: {
      type: 'object',
      additionalProperties: false,
      description: 'The service itself.',
      properties: {
        description: text('What service.'),
        date: { type: 'string', nullable: true, pattern: DATE, description: 'YYYY-MM-DD.' },
        startTime: { type: 'string', nullable: true, pattern: TIME, description: 'HH:MM, 24 h.' },
        endTime: { type: 'string', nullable: true, pattern: TIME, description: 'HH:MM, 24 h.' },
        durationHours: {
          type: 'number',
          nullable: true,
          minimum: 0,
          maximum: 24,
          description: 'Hours.',
        },
        location: text('Street address on one line.'),
      },
    },
  },
} as const;

/** Skipped actions: the requests that would have been sent (integration not configured or DRY_RUN). */
export const previewPageSchema = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      description: 'Newest first.',
      items: {
        type: 'object',
        properties: {
          actionId: { type: 'integer' },
          authorizationId: { type: 'integer' },
          authorizationNumber: nullable('string', "The agency's authorization number."),
          clientName: nullable('string', 'The agency.'),
          type: { type: 'string', description: 'Action type.' },
          reason: nullable('string', 'Why it was not sent.'),
          request: anyJson('The request that would have been sent, secrets redacted.'),
          createdAt: { type: 'string' },
        },
      },
    },
    ...pageProperties,
  },
} as const;

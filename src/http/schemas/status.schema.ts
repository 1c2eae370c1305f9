// The service status as the API returns it (ServiceStatus from core/control.ts plus counts).
import { nullable } from './common.schema.js';

const integration = {
  type: 'object',
  properties: {
    name: { type: 'string', description: 'invoiceninja, google_calendar, webhook or geocoding.' },
    mode: {
      type: 'string',
      description:
        'live = sending; preview = not configured, requests only recorded; dry_run = DRY_RUN=true.',
    },
    lastOk: nullable('boolean', 'Whether the most recent call succeeded (null = no call yet).'),
    lastError: nullable('string', 'The most recent error, if any.'),
    lastCallAt: nullable('string', 'When the most recent call was made.'),
  },
} as const;

const counter = (description: string) =>
  ({ type: 'object', description, additionalProperties: { type: 'integer' } }) as const;

export const statusSchema = {
  type: 'object',
  description: 'Monitoring state, last sync, queue depths, integrations and counts for today.',
  properties: {
    version: { type: 'string' },
    startedAt: { type: 'string', description: 'When the service started.' },
    monitoring: { type: 'boolean', description: 'True while the mailbox is being watched.' },
    source: {
      type: 'object',
      description: 'The mail source (IMAP mailbox or local folder).',
      properties: {
        kind: { type: 'string', description: 'imap or folder.' },
        target: { type: 'string', description: 'Which mailbox or folder (never a password).' },
        connected: { type: 'boolean' },
        watching: { type: 'boolean' },
        lastSuccessfulSyncAt: nullable('string', 'Last sync that completed without error.'),
        lastError: nullable('string', 'Last connection or sync error.'),
        reconnectAt: nullable('string', 'Next reconnect attempt, when disconnected.'),
      },
    },
    lastSuccessfulSyncAt: nullable('string', 'Last sync that completed without error.'),
    queue: {
      type: 'object',
      properties: {
        pendingEmails: { type: 'integer', description: 'Emails stored but not yet finished.' },
        pendingActions: { type: 'integer', description: 'Actions waiting or running.' },
        needsReview: { type: 'integer', description: 'Authorizations waiting for a person.' },
        failedAuthorizations: {
          type: 'integer',
          description: 'Authorizations with failed actions.',
        },
      },
    },
    integrations: { type: 'array', items: integration },
    today: {
      type: 'object',
      description: 'Counts since midnight.',
      properties: {
        emailsReceived: { type: 'integer' },
        authorizations: { type: 'integer' },
        ignored: { type: 'integer' },
        failed: { type: 'integer' },
      },
    },
    counts: {
      type: 'object',
      description: 'All-time counts.',
      properties: {
        authorizations: counter('Authorizations by status.'),
        emails: counter('Emails by outcome (or state, while unfinished).'),
      },
    },
  },
} as const;

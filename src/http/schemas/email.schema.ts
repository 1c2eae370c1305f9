// Emails as stored: list items, the detail with its extraction record.
import { anyJson, nullable, pageProperties, pageQueryProperties } from './common.schema.js';

export const emailStates = ['stored', 'parsed', 'classified', 'extracted', 'planned', 'finished'];
export const emailOutcomes = ['ignored', 'authorization', 'needs_review', 'failed', 'duplicate'];

export const emailQuerySchema = {
  type: 'object',
  properties: {
    ...pageQueryProperties,
    state: {
      type: 'string',
      enum: emailStates,
      description: 'Only emails in this processing state.',
    },
    outcome: {
      type: 'string',
      enum: emailOutcomes,
      description: 'Only finished emails with this outcome (ignored = not an authorization).',
    },
  },
} as const;

export const emailSummaryProperties = {
  id: { type: 'integer', description: 'Email id (use with get_email / reprocess_email).' },
  subject: nullable('string', 'Subject line.'),
  from: nullable('string', 'Sender address.'),
  dateHeader: nullable('string', 'The Date: header.'),
  receivedAt: { type: 'string', description: 'When the mailbox received it.' },
  state: {
    type: 'string',
    description: 'stored → parsed → classified → extracted → planned → finished.',
  },
  outcome: nullable(
    'string',
    'When finished: ignored, authorization, needs_review, failed or duplicate.',
  ),
  rawAvailable: {
    type: 'boolean',
    description: 'False once the retention period purged the original.',
  },
} as const;

const emailItemProperties = {
  ...emailSummaryProperties,
  source: { type: 'string', description: 'imap or folder.' },
  mailbox: { type: 'string' },
  messageIdHeader: nullable('string', 'The Message-ID header.'),
  size: { type: 'integer', description: 'Bytes.' },
  error: nullable('string', 'Why processing failed, if it did.'),
  attempts: { type: 'integer' },
  duplicateOf: nullable('integer', 'The earlier email this one duplicates.'),
  settleStatus: nullable('string', 'Whether the message was moved/flagged in the mailbox.'),
  authorizationId: nullable('integer', 'The authorization read from this email, if any.'),
  createdAt: { type: 'string' },
  finishedAt: nullable('string', 'When processing finished.'),
} as const;

export const emailPageSchema = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      description: 'Newest first.',
      items: { type: 'object', properties: emailItemProperties },
    },
    ...pageProperties,
  },
} as const;

export const emailDetailSchema = {
  type: 'object',
  properties: {
    ...emailItemProperties,
    settleError: nullable('string', 'Why moving/flagging in the mailbox failed.'),
    extraction: anyJson(
      'The extraction record: classification, confidence, reasons, fields and their sources.',
    ),
    rawUrl: nullable('string', 'Path of the original .eml download.'),
  },
} as const;

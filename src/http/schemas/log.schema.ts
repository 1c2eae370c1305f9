// The seed's /logs contract: id, timestamp, event_type, message, details (plus level).
import { pageProperties, pageQueryProperties, nullable } from './common.schema.js';

export const logQuerySchema = {
  type: 'object',
  properties: {
    ...pageQueryProperties,
    level: {
      type: 'string',
      enum: ['debug', 'info', 'warning', 'error'],
      description: 'Minimum level: warning returns warnings and errors.',
    },
    event_type: {
      type: 'string',
      maxLength: 200,
      description: 'Only this event type, e.g. imap.connected or action.failed.',
    },
    since: {
      type: 'string',
      format: 'date-time',
      description: 'Only entries at or after this ISO 8601 time, e.g. 2026-11-25T00:00:00Z.',
    },
  },
} as const;

export const logPageSchema = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      description: 'Newest first.',
      items: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          timestamp: { type: 'string', description: 'ISO 8601, UTC.' },
          event_type: { type: 'string' },
          message: { type: 'string' },
          details: nullable('string', 'JSON text with the event details, if any.'),
          level: { type: 'string' },
        },
      },
    },
    ...pageProperties,
  },
} as const;

// JSON schemas shared by several routes: errors, pagination, ids, the empty body of action
// POSTs and the result of a control call. Written for the OpenAPI document a model reads.

export const errorSchema = {
  type: 'object',
  description: 'An error: a stable code and a readable message.',
  required: ['error', 'message'],
  properties: {
    error: {
      type: 'string',
      description: 'Stable code, e.g. NOT_FOUND, CONFLICT, VALIDATION_FAILED, UNAUTHORIZED.',
    },
    message: { type: 'string', description: 'What went wrong, readable by a person.' },
    requestId: {
      type: 'string',
      description: 'Identifies the request in the service logs (server errors).',
    },
  },
} as const;

/** The error responses every protected route may give. */
export const errorResponses = {
  400: {
    ...errorSchema,
    description: 'A parameter or the body is invalid; the message names the field.',
  },
  401: { ...errorSchema, description: 'Missing or wrong bearer token.' },
  500: {
    ...errorSchema,
    description: 'Internal error; details are in the service logs under requestId.',
  },
} as const;

export const notFoundResponse = { 404: { ...errorSchema, description: 'No such item.' } } as const;
export const conflictResponse = {
  409: { ...errorSchema, description: 'The item is not in a state that allows this.' },
  422: {
    ...errorSchema,
    description: 'The request is understood but refused (e.g. required fields are still missing).',
  },
} as const;

export const pageQueryProperties = {
  limit: {
    type: 'integer',
    minimum: 1,
    maximum: 200,
    default: 50,
    description: 'How many items to return (1–200, default 50).',
  },
  offset: {
    type: 'integer',
    minimum: 0,
    default: 0,
    description: 'How many items to skip, for the next page (default 0).',
  },
} as const;

export const pageProperties = {
  total: { type: 'integer', description: 'How many items match the filters in all.' },
  limit: { type: 'integer', description: 'The limit applied.' },
  offset: { type: 'integer', description: 'The offset applied.' },
} as const;

export const idParams = (what: string) =>
  ({
    type: 'object',
    required: ['id'],
    properties: { id: { type: 'integer', minimum: 1, description: `The ${what}'s numeric id.` } },
  }) as const;

/** Action POSTs take no input; an empty body, `{}` or no body at all are all accepted. */
export const emptyBody = {
  type: 'object',
  description: 'No input is needed; send an empty JSON object or nothing.',
  properties: {},
} as const;

export const controlResultSchema = {
  type: 'object',
  description: 'The outcome of the command.',
  required: ['ok', 'message'],
  properties: {
    ok: { type: 'boolean', description: 'True when the command was carried out.' },
    message: { type: 'string', description: 'What happened, readable by a person.' },
    delivered: {
      type: 'integer',
      description: 'Mailbox checks only: how many new emails were stored.',
    },
  },
} as const;

export const nullable = (type: string, description: string) =>
  ({ type, nullable: true, description }) as const;

/** Any JSON value (request/result payloads, extraction records). */
export const anyJson = (description: string) => ({ description }) as const;

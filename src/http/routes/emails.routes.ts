// Emails: list, detail with the extraction record, the raw .eml download, reprocessing.
import type { FastifyInstance } from 'fastify';
import {
  conflictResponse,
  controlResultSchema,
  emptyBody,
  errorResponses,
  idParams,
  notFoundResponse,
} from '../schemas/common.schema.js';
import { emailDetailSchema, emailPageSchema, emailQuerySchema } from '../schemas/email.schema.js';
import { notFound, sendControlResult } from '../errors.js';
import type { RouteDeps } from './route-deps.js';

interface ListQuery {
  limit: number;
  offset: number;
  state?: string;
  outcome?: string;
}
type ById = { Params: { id: number } };
const params = idParams('email');

export async function emailRoutes(
  app: FastifyInstance,
  { control, queries }: RouteDeps,
): Promise<void> {
  app.get<{ Querystring: ListQuery }>(
    '/emails',
    {
      schema: {
        operationId: 'list_emails',
        summary: 'List received emails',
        description:
          'Use to see every email the assistant received, including ones it ignored as not an authorization ' +
          '(outcome=ignored) or could not process (outcome=failed). Newest first; page with limit/offset. ' +
          'Next: get_email for one email, reprocess_email if one was misread.',
        tags: ['emails'],
        querystring: emailQuerySchema,
        response: { 200: emailPageSchema, ...errorResponses },
      },
    },
    async ({ query: q }) => queries.listEmails(q),
  );

  app.get<ById>(
    '/emails/:id',
    {
      schema: {
        operationId: 'get_email',
        summary: 'One email and what was read from it',
        description:
          'Use to explain why an email was or was not treated as an authorization: its summary, processing ' +
          'state and outcome, and the extraction record (classification reasons, confidence, fields with sources). ' +
          'Next: reprocess_email, or get_authorization with its authorizationId.',
        tags: ['emails'],
        params,
        response: { 200: emailDetailSchema, ...errorResponses, ...notFoundResponse },
      },
    },
    async ({ params: { id } }, reply) => queries.getEmail(id) ?? notFound(reply, 'email', id),
  );

  app.get<ById>(
    '/emails/:id/raw',
    { schema: { hide: true, params } },
    async ({ params: { id } }, reply) => {
      const found = queries.getEmailRaw(id);
      if (!found) return notFound(reply, 'email', id);
      if (!found.raw)
        return reply
          .code(410)
          .send({ error: 'GONE', message: `email ${id}: the original was purged` });
      return reply
        .type('message/rfc822')
        .header('content-disposition', `attachment; filename="${found.filename}"`)
        .send(found.raw);
    },
  );

  app.post<ById>(
    '/emails/:id/reprocess',
    {
      schema: {
        operationId: 'reprocess_email',
        summary: 'Read an email again',
        description:
          'Use when an email was ignored or misread and the user wants it processed again (e.g. after the ' +
          'extraction rules changed). An authorization whose invoice or event already exists is kept, never ' +
          'duplicated. Next: get_email or list_authorizations to see the new result.',
        tags: ['emails'],
        params,
        body: emptyBody,
        response: {
          200: controlResultSchema,
          ...errorResponses,
          ...notFoundResponse,
          ...conflictResponse,
        },
      },
    },
    async ({ params: { id } }, reply) => sendControlResult(reply, await control.reprocessEmail(id)),
  );
}

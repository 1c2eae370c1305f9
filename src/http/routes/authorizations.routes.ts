// Authorizations: list, detail, correction in review, approval, retry of failed actions.
import type { FastifyInstance } from 'fastify';
import type { FieldsPatch } from '../../core/control.js';
import {
  authorizationDetailSchema,
  authorizationPageSchema,
  authorizationQuerySchema,
  fieldsPatchSchema,
  previewPageSchema,
} from '../schemas/authorization.schema.js';
import {
  conflictResponse,
  controlResultSchema,
  emptyBody,
  errorResponses,
  idParams,
  notFoundResponse,
  pageQueryProperties,
} from '../schemas/common.schema.js';
import { notFound, sendControlResult } from '../errors.js';
import type { RouteDeps } from './route-deps.js';

interface ListQuery {
  limit: number;
  offset: number;
  status?: string;
  client?: string;
  date_from?: string;
  date_to?: string;
  q?: string;
}
type ById = { Params: { id: number } };
const params = idParams('authorization');
const commandResponses = {
  200: controlResultSchema,
  ...errorResponses,
  ...notFoundResponse,
  ...conflictResponse,
};

export async function authorizationRoutes(
  app: FastifyInstance,
  { control, queries }: RouteDeps,
): Promise<void> {
  app.get<{ Querystring: ListQuery }>(
    '/authorizations',
    {
      schema: {
        operationId: 'list_authorizations',
        summary: 'Find authorizations',
        description:
          'Use to answer "what came in", "what needs my review", "what failed": authorizations newest first ' +
          'with their action states and links. Filter by status, client, service date range or free text q; ' +
          'page with limit/offset (total tells how many match). Then call get_authorization with an id for ' +
          'details, update_authorization/approve_authorization for needs_review items, retry_authorization ' +
          'for failed ones.',
        tags: ['authorizations'],
        querystring: authorizationQuerySchema,
        response: { 200: authorizationPageSchema, ...errorResponses },
      },
    },
    async ({ query: q }) =>
      queries.listAuthorizations({
        limit: q.limit,
        offset: q.offset,
        status: q.status,
        client: q.client,
        dateFrom: q.date_from,
        dateTo: q.date_to,
        q: q.q,
      }),
  );

  app.get<ById>(
    '/authorizations/:id',
    {
      schema: {
        operationId: 'get_authorization',
        summary: 'One authorization in full',
        description:
          'Use before changing an authorization, or to explain it: every field with its value, what the engine ' +
          'extracted and where it found it, review reasons, each action (invoice, calendar, webhook) with status, ' +
          'attempts, last error, request and result, links into InvoiceNinja and Google Calendar, and the source ' +
          'email. Next: update_authorization to correct fields, approve_authorization, or retry_authorization.',
        tags: ['authorizations'],
        params,
        response: { 200: authorizationDetailSchema, ...errorResponses, ...notFoundResponse },
      },
    },
    async ({ params: { id } }, reply) =>
      queries.getAuthorization(id) ?? notFound(reply, 'authorization', id),
  );

  app.patch<ById & { Body: FieldsPatch }>(
    '/authorizations/:id',
    {
      schema: {
        operationId: 'update_authorization',
        summary: 'Correct fields of an authorization in review',
        description:
          'Use only for an authorization with status needs_review, when the user tells you the right value ' +
          '(never guess). Send only the fields to change. Fails with 409 once it has left review. Next: ' +
          'get_authorization to check, then approve_authorization when the user agrees.',
        tags: ['authorizations'],
        params,
        body: fieldsPatchSchema,
        response: commandResponses,
      },
    },
    async ({ params: { id }, body }, reply) =>
      sendControlResult(reply, await control.updateAuthorization(id, body)),
  );

  app.post<ById>(
    '/authorizations/:id/approve',
    {
      schema: {
        operationId: 'approve_authorization',
        summary: 'Approve an authorization from review',
        description:
          'Use when the user confirms a needs_review authorization is correct: its invoice, calendar and webhook ' +
          'actions then run. Refused (422) while required fields are missing: correct them with ' +
          'update_authorization first. Next: get_authorization to follow the actions.',
        tags: ['authorizations'],
        params,
        body: emptyBody,
        response: commandResponses,
      },
    },
    async ({ params: { id } }, reply) =>
      sendControlResult(reply, await control.approveAuthorization(id)),
  );

  app.post<ById>(
    '/authorizations/:id/retry',
    {
      schema: {
        operationId: 'retry_authorization',
        summary: 'Retry the failed actions of an authorization',
        description:
          'Use for an authorization with status failed once the cause is fixed (e.g. InvoiceNinja was down or ' +
          'a token was renewed): every failed action is queued again; nothing already done is repeated. ' +
          'Next: get_authorization to see the outcome.',
        tags: ['authorizations'],
        params,
        body: emptyBody,
        response: commandResponses,
      },
    },
    async ({ params: { id } }, reply) =>
      sendControlResult(reply, await control.retryAuthorization(id)),
  );

  app.get<{ Querystring: { limit: number; offset: number } }>(
    '/actions/previews',
    {
      schema: {
        hide: true,
        querystring: { type: 'object', properties: pageQueryProperties },
        response: { 200: previewPageSchema, ...errorResponses },
      },
    },
    async ({ query: q }) => queries.listActionPreviews({ limit: q.limit, offset: q.offset }),
  );
}

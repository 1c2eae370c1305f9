// The OpenAPI document (/openapi.json) and its interactive page (/docs, served from the package,
// no CDN). The document is written for a chat model calling tools (OpenWebUI tool server):
// operationIds are snake_case verbs, descriptions say when to use each and what to call next.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

type OpenApiDoc = {
  paths?: Record<string, Record<string, { requestBody?: { required?: boolean } }>>;
};

export const API_DESCRIPTION =
  'Tools for the authorization assistant, which reads service authorizations that agencies email to a ' +
  'small service vendor and turns them into InvoiceNinja invoices, Google Calendar events and webhook ' +
  'notifications. Start with get_service_status for an overview, list_authorizations to find items ' +
  '(status=needs_review for the review queue, status=failed for failures), then get_authorization for ' +
  'details before changing anything. All times are ISO 8601 UTC; service dates are YYYY-MM-DD.';

export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Authorization assistant', version, description: API_DESCRIPTION },
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            description: 'The API_TOKEN of the service.',
          },
        },
      },
      security: [{ bearerAuth: [] }],
      tags: [
        { name: 'service', description: 'Monitoring state and control of the mailbox watcher.' },
        {
          name: 'authorizations',
          description: 'Authorizations read from emails, the review queue and retries.',
        },
        { name: 'emails', description: 'Every email received and what became of it.' },
        { name: 'logs', description: 'The event log.' },
      ],
    },
    transformObject: (documentObject) => {
      const doc = (
        'openapiObject' in documentObject ? documentObject.openapiObject : documentObject
      ) as OpenApiDoc;
      // Action POSTs take no input: their (empty) JSON body is optional, as OpenWebUI sends none.
      for (const item of Object.values(doc.paths ?? {})) {
        if (item.post?.requestBody) item.post.requestBody.required = false;
      }
      return doc as never;
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

// The seed's GET /logs (newest first) with level / event type / since filters.
import type { FastifyInstance } from 'fastify';
import { errorResponses } from '../schemas/common.schema.js';
import { logPageSchema, logQuerySchema } from '../schemas/log.schema.js';
import type { RouteDeps } from './route-deps.js';

interface LogQuery {
  limit: number;
  offset: number;
  level?: string;
  event_type?: string;
  since?: string;
}

export async function logRoutes(app: FastifyInstance, { queries }: RouteDeps): Promise<void> {
  app.get<{ Querystring: LogQuery }>(
    '/logs',
    {
      schema: {
        operationId: 'get_recent_logs',
        summary: 'Recent log entries',
        description:
          'Use to explain what the service did or why something failed: entries newest first. Narrow with ' +
          'level=warning for problems only, event_type, or since. For a specific authorization prefer ' +
          'get_authorization, whose actions carry their own errors.',
        tags: ['logs'],
        querystring: logQuerySchema,
        response: { 200: logPageSchema, ...errorResponses },
      },
    },
    async ({ query: q }) =>
      queries.listLogs({
        limit: q.limit,
        offset: q.offset,
        level: q.level,
        eventType: q.event_type,
        since: q.since,
      }),
  );
}

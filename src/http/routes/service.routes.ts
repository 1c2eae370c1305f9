// Health, status, control of the watcher, metrics. The seed's paths keep their meaning.
import type { FastifyInstance } from 'fastify';
import { controlResultSchema, emptyBody, errorResponses } from '../schemas/common.schema.js';
import { statusSchema } from '../schemas/status.schema.js';
import { sendControlResult } from '../errors.js';
import type { RouteDeps } from './route-deps.js';

const control = (operationId: string, summary: string, description: string) => ({
  schema: {
    operationId,
    summary,
    description,
    tags: ['service'],
    body: emptyBody,
    response: { 200: controlResultSchema, ...errorResponses },
  },
});

export async function serviceRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { control: svc, queries } = deps;
  const status = () => ({ ...svc.status(), counts: queries.statusCounts() });

  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        hide: true,
        response: {
          200: {
            type: 'object',
            properties: { status: { type: 'string' }, version: { type: 'string' } },
          },
          503: {
            type: 'object',
            properties: {
              status: { type: 'string' },
              reason: { type: 'string' },
              version: { type: 'string' },
            },
          },
        },
      },
    },
    async (_req, reply) => {
      // Alive is not healthy: a database that cannot be queried makes the service useless.
      const problem = deps.databaseProblem();
      if (problem)
        return reply.code(503).send({ status: 'degraded', reason: problem, version: deps.version });
      return { status: 'ok', version: deps.version };
    },
  );

  app.get(
    '/status',
    {
      schema: {
        operationId: 'get_service_status',
        summary: 'Overview of the service',
        description:
          'Use first, or when asked whether the assistant is working: monitoring on/off, mail connection, last ' +
          'successful sync, queue depths (emails pending, actions pending, authorizations needing review or ' +
          'failed), integration health and counts for today. If queue.needsReview > 0 call ' +
          'list_authorizations with status=needs_review; if failedAuthorizations > 0 use status=failed.',
        tags: ['service'],
        response: { 200: statusSchema, ...errorResponses },
      },
    },
    async () => status(),
  );
  // The seed's path for the same status; kept for old clients, left out of the tool list.
  app.get(
    '/control/status',
    { schema: { hide: true, response: { 200: statusSchema } } },
    async () => status(),
  );

  app.post(
    '/control/start_monitoring',
    control(
      'start_monitoring',
      'Start watching the mailbox',
      'Use when monitoring is off (get_service_status shows monitoring=false) and the user wants mail processed ' +
        'again. New mail is then picked up as it arrives. Check get_service_status afterwards.',
    ),
    async (_req, reply) => sendControlResult(reply, await svc.startMonitoring()),
  );
  app.post(
    '/control/stop_monitoring',
    control(
      'stop_monitoring',
      'Stop watching the mailbox',
      'Use only when the user explicitly asks to pause processing. Nothing already received is lost; ' +
        'start_monitoring resumes.',
    ),
    async (_req, reply) => sendControlResult(reply, await svc.stopMonitoring()),
  );
  app.post(
    '/control/poll',
    control(
      'poll_mailbox_now',
      'Check the mailbox now',
      'Use when the user says an email was just sent and should be there. Returns when what was found is ' +
        'stored (delivered = how many new emails). Then call list_emails or list_authorizations to see them.',
    ),
    async (_req, reply) => sendControlResult(reply, await svc.pollNow()),
  );

  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) =>
    reply.type(deps.metrics.contentType).send(await deps.metrics.metrics()),
  );
}

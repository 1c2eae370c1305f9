// Serves the dashboard (`web/`, owned by the dashboard engineer) at `/` from this process:
// public (it holds no data; the API calls it makes need the token) and locked down by CSP.
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { flagRoutes } from './security.js';

export async function registerDashboard(app: FastifyInstance, webRoot: string): Promise<void> {
  if (!existsSync(webRoot)) return;
  await app.register(async (scope) => {
    flagRoutes(scope, { public: true, dashboard: true });
    await scope.register(fastifyStatic, {
      root: webRoot,
      prefix: '/',
      index: ['index.html'],
      maxAge: 0,
    });
  });
}

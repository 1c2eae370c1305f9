// Who may call what, and the headers every response carries. The bearer token guards every
// route except those flagged public (health, the dashboard's static files); with no API_TOKEN
// configured everything is open, which server.ts allows only on loopback.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bearerFromHeader, tokenFromWebSocketRequest, tokenMatches } from './auth.js';

/** Flags routes carry in their `config`. */
export interface RouteFlags {
  /** Reachable without the token. */
  public?: boolean;
  /** A dashboard file: HTML gets the strict CSP. */
  dashboard?: boolean;
}

export const DASHBOARD_CSP =
  "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
  "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

export function routeFlags(request: FastifyRequest): RouteFlags {
  return (request.routeOptions.config ?? {}) as RouteFlags;
}

function isUpgrade(request: FastifyRequest): boolean {
  return String(request.headers.upgrade ?? '').toLowerCase() === 'websocket';
}

/** The token the caller presented: Authorization header, or for a WebSocket also the subprotocol / `?token=`. */
export function presentedToken(request: FastifyRequest): string | null {
  const header = bearerFromHeader(request.headers.authorization);
  if (header || !isUpgrade(request)) return header;
  const protocols = request.headers['sec-websocket-protocol'];
  return tokenFromWebSocketRequest(
    Array.isArray(protocols) ? protocols.join(',') : protocols,
    request.query,
  );
}

export function installAuth(app: FastifyInstance, apiToken: string): void {
  app.addHook('onRequest', async (request, reply) => {
    if (apiToken === '' || routeFlags(request).public) return;
    if (tokenMatches(presentedToken(request), apiToken)) return;
    return reply.code(401).header('www-authenticate', 'Bearer').send({
      error: 'UNAUTHORIZED',
      message: 'a valid bearer token is required (Authorization: Bearer <API_TOKEN>)',
    });
  });
}

export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    const flags = routeFlags(request);
    if (flags.dashboard) {
      if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
        reply.header('content-security-policy', DASHBOARD_CSP);
        reply.header('x-frame-options', 'DENY');
      }
    } else if (!flags.public) {
      // API answers carry authorizations and health data: never cache them.
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });
}

/** Marks every route registered in this (encapsulated) context with the given flags. */
export function flagRoutes(app: FastifyInstance, flags: RouteFlags): void {
  app.addHook('onRoute', (route) => {
    route.config = Object.assign(route.config ?? {}, flags);
  });
}

// The live feed at /ws/status: a `status` snapshot on connect, then every notable EventBus
// event as `{ type, ts, ... }`. Clients are pinged; one that misses a pong is dropped, and one
// that reads too slowly (too many bytes queued for it) is dropped rather than buffered.
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import type {} from '@fastify/websocket'; // route option types for `websocket: true`
import type { ControlService } from '../../core/control.js';
import type { AppEvent, EventBus } from '../../core/events.js';
import type { Logger } from '../../core/logger.js';

export interface StatusFeedOptions {
  /** Ping period; a client that has not answered the previous ping by then is dropped. */
  pingIntervalMs?: number;
  /** Bytes that may wait in a client's send buffer before it is dropped. */
  maxBufferedBytes?: number;
}

const LOG_LEVELS_SENT = new Set(['warn', 'warning', 'error', 'fatal']);

/** The event as a feed message, or null when the feed does not carry it (quiet log lines). */
export function toFeedMessage(
  event: AppEvent,
  ts = new Date().toISOString(),
): Record<string, unknown> | null {
  if (event.type === 'log' && !LOG_LEVELS_SENT.has(event.level.toLowerCase())) return null;
  const { type, ...rest } = event;
  return { type, ts, ...rest };
}

interface Client {
  socket: WebSocket;
  alive: boolean;
}

export function registerStatusFeed(
  app: FastifyInstance,
  deps: { control: ControlService; events: EventBus; logger: Logger },
  opts: StatusFeedOptions = {},
): void {
  const pingIntervalMs = opts.pingIntervalMs ?? 20_000;
  const maxBuffered = opts.maxBufferedBytes ?? 1024 * 1024;
  const clients = new Set<Client>();
  const log = deps.logger.child({ component: 'ws' });

  const drop = (client: Client, why: string): void => {
    clients.delete(client);
    log.warn({ event: 'ws.client_dropped', reason: why }, `live feed client dropped: ${why}`);
    client.socket.terminate();
  };

  const send = (client: Client, message: Record<string, unknown>): void => {
    if (client.socket.readyState !== client.socket.OPEN) return;
    if (client.socket.bufferedAmount > maxBuffered)
      return drop(client, 'too slow (send buffer full)');
    client.socket.send(JSON.stringify(message));
  };

  const unsubscribe = deps.events.subscribe((event) => {
    if (clients.size === 0) return;
    const message = toFeedMessage(event);
    if (message) for (const client of [...clients]) send(client, message);
  });

  const timer = setInterval(() => {
    for (const client of [...clients]) {
      if (!client.alive) {
        drop(client, 'missed a ping');
        continue;
      }
      client.alive = false;
      client.socket.ping();
    }
  }, pingIntervalMs);
  timer.unref();

  app.addHook('onClose', async () => {
    clearInterval(timer);
    unsubscribe();
    for (const client of clients) client.socket.close(1001, 'server shutting down');
    clients.clear();
  });

  app.get(
    '/ws/status',
    {
      websocket: true,
      schema: {
        hide: true,
        querystring: {
          type: 'object',
          properties: {
            token: { type: 'string', description: 'API token, for browsers (see docs/api.md).' },
          },
        },
      },
    },
    (socket) => {
      const client: Client = { socket, alive: true };
      clients.add(client);
      socket.on('pong', () => (client.alive = true));
      socket.on('close', () => clients.delete(client));
      socket.on('error', () => clients.delete(client));
      // Clients only listen; anything they send is ignored.
      let snapshot: Record<string, unknown>;
      try {
        snapshot = { type: 'status', ts: new Date().toISOString(), status: deps.control.status() };
      } catch (err) {
        log.error({ event: 'ws.status_failed', err: String(err) }, 'status snapshot failed');
        snapshot = { type: 'status', ts: new Date().toISOString(), status: null };
      }
      send(client, snapshot);
    },
  );
}

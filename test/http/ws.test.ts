// The live feed on a real port with a real `ws` client: authentication (subprotocol or ?token=),
// the status snapshot on connect, events after it, and dropping slow or silent clients.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import { startHttpServer, type RunningServer } from '../../src/http/server.js';
import { makeHarness, recordingLogger, TOKEN, type Harness } from './support/fixtures.js';

// Response bodies are read loosely here; their shapes are pinned by the route schemas.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type J = any;

const WAIT_MS = 20_000;

async function waitFor(what: string, cond: () => boolean): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Opens a client and collects its JSON messages. */
async function connect(url: string, protocols?: string[]) {
  const ws = new WebSocket(url, protocols);
  const messages: Record<string, J>[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(String(data))));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    // The server closes the socket of a refused upgrade itself (else close() would hang).
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  return { ws, messages };
}

async function closeClient(ws: WebSocket): Promise<void> {
  if (ws.readyState === ws.CLOSED) return;
  const closed = new Promise((r) => ws.once('close', r));
  ws.terminate();
  await closed;
}

void describe('WS /ws/status', () => {
  let h: Harness;
  let server: RunningServer;
  let wsUrl: string;
  const logger = recordingLogger();
  before(async () => {
    h = await makeHarness({}, { logger, feed: { pingIntervalMs: 300 } });
    server = await startHttpServer(h.app, { API_HOST: '127.0.0.1', API_PORT: 0, API_TOKEN: TOKEN });
    wsUrl = server.url.replace(/^http/, 'ws') + '/ws/status';
  });
  after(async () => {
    await server.close();
    await h.close();
  });

  void it('refuses a connection without the token or with a wrong one', async () => {
    await assert.rejects(connect(wsUrl), /HTTP 401/);
    await assert.rejects(connect(wsUrl, ['bearer', 'wrong']), /HTTP 401/);
    await assert.rejects(connect(`${wsUrl}?token=wrong`), /HTTP 401/);
  });

  void it('accepts `Sec-WebSocket-Protocol: bearer, <token>`, sends a status snapshot, then events', async () => {
    const { ws, messages } = await connect(wsUrl, ['bearer', TOKEN]);
    try {
      assert.equal(ws.protocol, 'bearer');
      await waitFor('the snapshot', () => messages.length >= 1);
      assert.equal(messages[0]?.type, 'status');
      assert.equal(messages[0]?.status.monitoring, true);
      assert.match(messages[0]?.ts, /^\d{4}-\d\d-\d\dT/);

      h.events.emit({
        type: 'log',
        level: 'info',
        eventType: 'x',
        message: 'quiet',
        timestamp: 't',
      });
      h.events.emit({
        type: 'email.received',
        emailId: 7,
        subject: '<img src=x onerror=alert(1)>',
        from: 'a@b.test',
      });
      h.events.emit({
        type: 'review.needed',
        authorizationId: 3,
        reasons: ['service.date missing'],
      });
      h.events.emit({
        type: 'log',
        level: 'warning',
        eventType: 'imap.disconnected',
        message: 'lost',
        timestamp: 't',
      });
      await waitFor('three events', () => messages.length >= 4);
      assert.deepEqual(
        messages.slice(1).map((m) => m.type),
        ['email.received', 'review.needed', 'log'],
      );
      assert.equal(messages[1]?.emailId, 7);
      assert.equal(messages[1]?.subject, '<img src=x onerror=alert(1)>');
      assert.deepEqual(messages[2]?.reasons, ['service.date missing']);
      assert.equal(messages[3]?.eventType, 'imap.disconnected');
    } finally {
      await closeClient(ws);
    }
  });

  void it('accepts ?token= for clients that cannot set a subprotocol', async () => {
    const { ws, messages } = await connect(`${wsUrl}?token=${encodeURIComponent(TOKEN)}`);
    try {
      await waitFor('the snapshot', () => messages.length >= 1);
      assert.equal(messages[0]?.type, 'status');
    } finally {
      await closeClient(ws);
    }
  });

  void it('drops a client that stops reading instead of buffering for it', async () => {
    const slow = await connect(wsUrl, ['bearer', TOKEN]);
    const live = await connect(wsUrl, ['bearer', TOKEN]);
    const slowSocket = (slow.ws as unknown as { _socket: Socket })._socket;
    slowSocket.pause();
    const closed = new Promise((r) => slow.ws.once('close', r));
    const big = 'x'.repeat(64 * 1024);
    const dropped = () => logger.records.some((r) => r.event === 'ws.client_dropped');
    try {
      for (let i = 0; i < 2000 && !dropped(); i++) {
        h.events.emit({
          type: 'log',
          level: 'error',
          eventType: 'flood',
          message: big,
          timestamp: String(i),
        });
        if (i % 10 === 0) await new Promise((r) => setImmediate(r));
      }
      await waitFor('the slow client to be dropped', dropped);
      slowSocket.resume();
      await closed;
      // The reading client is still served.
      live.messages.length = 0;
      h.events.emit({ type: 'review.needed', authorizationId: 9, reasons: [] });
      await waitFor('the live client to get the next event', () =>
        live.messages.some((m) => m.type === 'review.needed' && m.authorizationId === 9),
      );
      assert.equal(live.ws.readyState, WebSocket.OPEN);
    } finally {
      slowSocket.resume();
      await closeClient(slow.ws);
      await closeClient(live.ws);
    }
  });

  void it('drops a client that does not answer pings', async () => {
    logger.records.length = 0;
    const silent = await connect(wsUrl, ['bearer', TOKEN]);
    const slowSocket = (silent.ws as unknown as { _socket: Socket })._socket;
    slowSocket.pause();
    const closed = new Promise((r) => silent.ws.once('close', r));
    try {
      await waitFor('the silent client to be dropped', () =>
        logger.records.some(
          (r) => r.event === 'ws.client_dropped' && /ping/.test(String(r.reason)),
        ),
      );
      slowSocket.resume();
      await closed;
    } finally {
      slowSocket.resume();
      await closeClient(silent.ws);
    }
  });
});

// The default transport under the vendor fakes' faults (500, 429 + Retry-After, timeout, drops
// before and after the commit, hang after commit), on warm keep-alive sockets; a server that
// closes idle sockets (a stale pooled socket fails retryably and the retry succeeds); and the
// real handlers working end to end while undici fetch is out of reach.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { isAppError, type AppError } from '../../src/core/errors.js';
import {
  retryAfterMs,
  sendRequest,
  type HttpRequestSpec,
  type HttpResponse,
  type SendOptions,
} from '../../src/adapters/http/http-request.js';
import { createNodeTransport, type NodeTransport } from '../../src/adapters/http/node-transport.js';
import { FakeServer, type FakeReply } from '../support/fakes/fake-server.js';
import { startFakes, type FaultKind } from '../support/fakes/index.js';
import { createHarness, fields } from '../integrations/action-driver.js';

class CounterFake extends FakeServer {
  commits = 0;
  protected handle(): FakeReply {
    this.commits++;
    return { status: 201, body: { n: this.commits } };
  }
}

const fake = new CounterFake();
const transport: NodeTransport = createNodeTransport();

before(async () => {
  await fake.start();
});
after(async () => {
  transport.close();
  await fake.stop();
});

const opts: SendOptions = { transport, vendor: 'INVOICENINJA', timeoutMs: 1000 };
const post = (url: string): HttpRequestSpec => ({
  method: 'POST',
  url,
  headers: { 'Content-Type': 'application/json' },
  body: '{"x":1}',
});

async function attempt(p: Promise<HttpResponse>): Promise<HttpResponse | AppError> {
  try {
    return await p;
  } catch (err) {
    assert.ok(isAppError(err), `an AppError, got ${String(err)}`);
    return err;
  }
}

const EXPECT: [FaultKind, (r: HttpResponse | AppError) => void, number][] = [
  [500, (r) => assert.equal((r as HttpResponse).status, 500), 0],
  [429, (r) => assert.equal((r as HttpResponse).status, 429), 0],
  [
    '429-retry-after',
    (r) => {
      assert.equal((r as HttpResponse).status, 429);
      const ms = retryAfterMs(r as HttpResponse);
      assert.ok(ms !== undefined && ms > 0 && ms <= 1000, String(ms));
    },
    0,
  ],
  ['timeout', (r) => assert.match((r as AppError).message, /: no answer within 1 s$/), 0],
  [
    'drop-before',
    (r) => assert.match((r as AppError).message, /: connection failed \(ECONNRESET\)$/),
    0,
  ],
  [
    'drop-after-commit',
    (r) => assert.match((r as AppError).message, /: connection failed \(ECONNRESET\)$/),
    1,
  ],
  ['hang-after-commit', (r) => assert.match((r as AppError).message, /: no answer within 1 s$/), 1],
];

void describe('transport under the fakes’ faults', () => {
  for (const [kind, check, committed] of EXPECT) {
    void it(`${String(kind)} on a warm keep-alive socket: the same answer or retryable error as before, then the next call succeeds`, async () => {
      const ok = await sendRequest(post(`${fake.baseUrl}/a`), opts);
      assert.equal(ok.status, 201);
      const commitsBefore = fake.commits;
      fake.failNext(1, kind);
      const r = await attempt(sendRequest(post(`${fake.baseUrl}/a`), opts));
      check(r);
      if (isAppError(r)) {
        assert.equal(r.code, 'INVOICENINJA_ERR_NETWORK');
        assert.equal(r.retryable, true);
      }
      assert.equal(fake.commits - commitsBefore, committed, 'work done by the faulted call');
      assert.deepEqual(fake.injected.at(-1)?.kind, kind);
      const next = await sendRequest(post(`${fake.baseUrl}/a`), opts);
      assert.equal(next.status, 201);
    });
  }
});

/** A server that counts requests per connection and can close connections in two ways. */
async function closingServer(mode: { dropReused: boolean; idleCloseMs: number }): Promise<{
  url: string;
  handled: () => number;
  connections: () => number;
  stop: () => Promise<void>;
}> {
  let handled = 0;
  let connections = 0;
  const sockets = new Set<Socket>();
  const perSocket = new WeakMap<Socket, number>();
  const server: Server = createServer((req, res) => {
    const s = req.socket;
    const n = (perSocket.get(s) ?? 0) + 1;
    perSocket.set(s, n);
    req.resume();
    req.on('end', () => {
      // A server that timed this connection out just as the request arrived.
      if (mode.dropReused && n > 1) return void s.destroy();
      handled++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ handled }));
      if (mode.idleCloseMs > 0) setTimeout(() => s.destroy(), mode.idleCloseMs).unref();
    });
  });
  // Announce a long keep-alive, so the client does not know the connection will be closed.
  server.keepAliveTimeout = 60_000;
  server.on('connection', (s: Socket) => {
    connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    handled: () => handled,
    connections: () => connections,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** What the dispatcher does with a retryable failure: run the (idempotent) call again. */
async function withRetries(
  call: () => Promise<HttpResponse>,
  seen: AppError[],
): Promise<HttpResponse> {
  for (let i = 0; ; i++) {
    try {
      return await call();
    } catch (err) {
      if (!isAppError(err) || !err.retryable || i >= 3) throw err;
      seen.push(err);
    }
  }
}

void describe('stale keep-alive sockets', () => {
  void it('a pooled socket the server closed on arrival fails as a retryable network error; the retry succeeds on a new connection', async () => {
    const srv = await closingServer({ dropReused: true, idleCloseMs: 0 });
    try {
      const first = await sendRequest(post(`${srv.url}/a`), opts);
      assert.equal(first.status, 200);
      const err = await attempt(sendRequest(post(`${srv.url}/a`), opts));
      assert.ok(isAppError(err), 'the reused socket fails');
      assert.equal(err.code, 'INVOICENINJA_ERR_NETWORK');
      assert.equal(err.retryable, true);
      assert.match(err.message, /: connection failed \((ECONNRESET|EPIPE)\)$/);
      const retried = await sendRequest(post(`${srv.url}/a`), opts);
      assert.equal(retried.status, 200);
      assert.equal(srv.handled(), 2);
      assert.equal(srv.connections(), 2);
    } finally {
      await srv.stop();
    }
  });

  void it('a server closing idle sockets early: every later call succeeds (at most a clean retry)', async () => {
    const srv = await closingServer({ dropReused: false, idleCloseMs: 30 });
    try {
      const seen: AppError[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await withRetries(() => sendRequest(post(`${srv.url}/a`), opts), seen);
        assert.equal(res.status, 200);
        // Idle long enough for the server to have closed the connection.
        await new Promise((r) => setTimeout(r, 150));
      }
      assert.equal(srv.handled(), 5, 'each call handled once');
      for (const e of seen) {
        assert.equal(e.retryable, true);
        assert.match(e.message, /: connection failed \(/);
      }
    } finally {
      await srv.stop();
    }
  });
});

void describe('the handlers use the new transport, not fetch', () => {
  void it('a whole authorization (client, invoice, event, webhook) goes through with fetch unavailable', async () => {
    const fakes = await startFakes();
    const realFetch = globalThis.fetch;
    globalThis.fetch = (() => {
      throw new Error('fetch must not be used');
    }) as typeof fetch;
    const h = createHarness({ env: fakes.env });
    try {
      fakes.invoiceNinja.failNext(1, 'drop-after-commit', (r) => r.method === 'POST');
      fakes.webhook.failNext(1, '429-retry-after');
      const plan = await h.process({ fields: fields({}) });
      assert.equal(plan.status, 'queued');
      for (const o of h.outcomes.values())
        assert.equal(o.status, 'done', `${o.type}: ${o.lastError}`);
      assert.equal(fakes.invoiceNinja.liveClients().length, 1);
      assert.equal(fakes.invoiceNinja.liveInvoices().length, 1);
      assert.equal(fakes.google.events().length, 1);
      assert.equal(fakes.webhook.uniqueDeliveries().length, 1);
      assert.equal(fakes.invoiceNinja.injected.length + fakes.webhook.injected.length, 2);
    } finally {
      globalThis.fetch = realFetch;
      h.close();
      await fakes.stop();
    }
  });
});
